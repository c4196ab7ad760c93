import Dispatch

/// Hashes a model into a ``Manifest``: walks the tree, cuts files into work items according to
/// the serialization, and hashes them in parallel.
///
/// ```swift
/// let hasher = ModelHasher(serialization: Serialization(method: .shards(size: 1 << 30)))
/// let manifest = try await hasher.hash(modelAt: "llama/")
/// print(manifest.rootDigest)
/// ```
public struct ModelHasher: Sendable {
    /// The method, hash algorithm, symlink policy and recorded ignore paths.
    public var serialization: Serialization
    /// Skip `.git`, `.gitattributes`, `.github`, `.gitignore` at the model root.
    public var ignoreGitPaths: Bool
    /// Paths excluded but not recorded (for example a signature file inside the model, which
    /// signing records separately).
    public var unrecordedIgnorePaths: [ModelPath]
    /// Extra directories symbolic-link targets may lie in (see ``TreeWalkOptions/symlinkRoots``).
    public var symlinkRoots: [String]
    /// Worker threads; defaults to the number of active processors. Never changes digests.
    public var workers: Int
    /// How BLAKE3 reads large files on several cores. Never changes digests.
    public var readStrategy: ReadStrategy

    /// A hasher with these settings; `workers` defaults to ``defaultWorkerCount``.
    public init(serialization: Serialization = Serialization(), ignoreGitPaths: Bool = true,
                unrecordedIgnorePaths: [ModelPath] = [], symlinkRoots: [String] = [], workers: Int? = nil,
                readStrategy: ReadStrategy = .automatic) {
        self.serialization = serialization
        self.ignoreGitPaths = ignoreGitPaths
        self.unrecordedIgnorePaths = unrecordedIgnorePaths
        self.symlinkRoots = symlinkRoots
        self.workers = workers ?? ModelHasher.defaultWorkerCount
        self.readStrategy = readStrategy
    }

    /// The number of processors available to this process.
    public static var defaultWorkerCount: Int { max(1, ProcessInfoLite.activeProcessorCount) }

    /// The tree-walk options these settings imply.
    public var walkOptions: TreeWalkOptions {
        TreeWalkOptions(allowSymlinks: serialization.allowSymlinks, ignoreGitPaths: ignoreGitPaths,
                        ignorePaths: serialization.ignorePaths + unrecordedIgnorePaths, symlinkRoots: symlinkRoots)
    }

    /// Lists the files that would be hashed.
    public func walk(modelAt path: String) throws(ModelHashingError) -> ModelTree {
        try ModelTreeWalker.walk(path, options: walkOptions)
    }

    /// Hashes the whole model.
    ///
    /// - Parameters:
    ///   - path: the model: a file or a directory.
    ///   - only: when given, hash just these files (each must exist in the model); used to
    ///     verify a subset, or only the files a signature lists.
    ///   - progress: counts the bytes hashed, for a progress display.
    public func hash(modelAt path: String, only: [ModelPath]? = nil,
                     progress: HashingProgress? = nil) async throws(ModelHashingError) -> Manifest {
        let tree: ModelTree
        if let only {
            tree = try ModelTreeWalker.files(only, in: path, options: walkOptions)
        } else {
            tree = try walk(modelAt: path)
        }
        return try await hash(tree, progress: progress)
    }

    /// Hashes the files of an already walked tree.
    public func hash(_ tree: ModelTree, progress: HashingProgress? = nil) async throws(ModelHashingError) -> Manifest {
        let serialization = self.serialization
        let workers = self.workers
        let readStrategy = self.readStrategy
        let result: Result<Manifest, ModelHashingError> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                do throws(ModelHashingError) {
                    continuation.resume(returning: .success(
                        try ModelHasher.hashBlocking(tree, serialization: serialization, workers: workers,
                                                 readStrategy: readStrategy, progress: progress)))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }

    /// Hashes on the calling thread (plus workers); for callers that are not async.
    package static func hashBlocking(_ tree: ModelTree, serialization: Serialization, workers: Int,
                                    readStrategy: ReadStrategy = .automatic,
                                    progress: HashingProgress? = nil) throws(ModelHashingError) -> Manifest {
        var items: [HashWorkItem] = []
        items.reserveCapacity(tree.files.count)
        switch serialization.method {
        case .files:
            for (index, file) in tree.files.enumerated() {
                items.append(HashWorkItem(fileIndex: index, offset: 0, length: file.size, isShard: false))
            }
        case .shards(let size):
            guard size > 0 else { throw .invalidShardSize(size) }
            for (index, file) in tree.files.enumerated() {
                var start: Int64 = 0
                while start < file.size {
                    let end = min(file.size, start + size)
                    items.append(HashWorkItem(fileIndex: index, offset: start, length: end - start, isShard: true))
                    start = end
                }
            }
        }
        progress?.setTotal(items.reduce(0) { $0 + $1.length })
        let digests = try HashScheduler.run(items: items, files: tree.files, algorithm: serialization.hashAlgorithm,
                                            workers: workers, readStrategy: readStrategy, progress: progress)
        let algorithm = serialization.resourceAlgorithm
        var resources: [Resource] = []
        resources.reserveCapacity(items.count)
        for (item, digest) in zip(items, digests) {
            let range: Range<Int64>? = item.isShard ? item.offset..<(item.offset + item.length) : nil
            resources.append(Resource(path: tree.files[item.fileIndex].path, range: range, algorithm: algorithm, digest: digest))
        }
        return Manifest(modelName: tree.modelName, serialization: serialization, resources: resources)
    }
}
