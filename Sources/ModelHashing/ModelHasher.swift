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
    /// What is computed (serialization) and how (workers, read strategy, progress).
    public var configuration: HashingConfiguration
    /// Skip `.git`, `.gitattributes`, `.github`, `.gitignore` at the model root.
    public var ignoreGitPaths: Bool
    /// Paths excluded but not recorded (for example a signature file inside the model, which
    /// signing records separately).
    public var unrecordedIgnorePaths: [ModelPath]
    /// Extra directories symbolic-link targets may lie in (see ``TreeWalkOptions/symlinkRoots``).
    public var symlinkRoots: [String]

    /// A hasher hashing as `configuration` says, walking the model with these settings.
    public init(configuration: HashingConfiguration, ignoreGitPaths: Bool = true,
                unrecordedIgnorePaths: [ModelPath] = [], symlinkRoots: [String] = []) {
        self.configuration = configuration
        self.ignoreGitPaths = ignoreGitPaths
        self.unrecordedIgnorePaths = unrecordedIgnorePaths
        self.symlinkRoots = symlinkRoots
    }

    /// A hasher with these settings; `workers` defaults to ``defaultWorkerCount``. The same as
    /// ``init(configuration:ignoreGitPaths:unrecordedIgnorePaths:symlinkRoots:)`` with a
    /// configuration built from `serialization`, `workers` and `readStrategy`.
    public init(serialization: Serialization = Serialization(), ignoreGitPaths: Bool = true,
                unrecordedIgnorePaths: [ModelPath] = [], symlinkRoots: [String] = [], workers: Int? = nil,
                readStrategy: ReadStrategy = .automatic) {
        self.init(configuration: HashingConfiguration(serialization: serialization, workers: workers,
                                                      readStrategy: readStrategy),
                  ignoreGitPaths: ignoreGitPaths, unrecordedIgnorePaths: unrecordedIgnorePaths,
                  symlinkRoots: symlinkRoots)
    }

    /// The method, hash algorithm, symlink policy and recorded ignore paths (the
    /// configuration's).
    public var serialization: Serialization {
        get { configuration.serialization }
        set { configuration.serialization = newValue }
    }

    /// Worker threads (the configuration's). Never changes digests.
    public var workers: Int {
        get { configuration.workers }
        set { configuration.workers = newValue }
    }

    /// How BLAKE3 reads large files on several cores (the configuration's). Never changes digests.
    public var readStrategy: ReadStrategy {
        get { configuration.readStrategy }
        set { configuration.readStrategy = newValue }
    }

    /// The number of processors available to this process.
    public static var defaultWorkerCount: Int { HashingConfiguration.defaultWorkerCount }

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
    ///   - progress: counts the bytes hashed, for a progress display (in place of the
    ///     configuration's counter).
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

    /// Hashes the files of an already walked tree. `progress`, when given, counts in place of
    /// the configuration's progress counter.
    public func hash(_ tree: ModelTree, progress: HashingProgress? = nil) async throws(ModelHashingError) -> Manifest {
        let configuration = self.configuration.with(progress: progress)
        let result: Result<Manifest, ModelHashingError> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                do throws(ModelHashingError) {
                    continuation.resume(returning: .success(try ModelHasher.hashBlocking(tree, configuration: configuration)))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }

    /// Hashes on the calling thread (plus workers); for callers that are not async.
    package static func hashBlocking(_ tree: ModelTree,
                                     configuration: HashingConfiguration) throws(ModelHashingError) -> Manifest {
        let serialization = configuration.serialization
        let progress = configuration.progress
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
        let digests = try HashScheduler.run(items: items, files: tree.files, configuration: configuration)
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
