import ModelHashing
import Sigstore
import ModelSigningPlatform

extension ModelSigner {
    /// Time subtracted from the start of a re-signing run when stamping the new signature, so
    /// that coarse file-system clocks cannot date a change made during the run before it.
    static let watermarkMargin: Int64 = 2_000_000_000

    /// Signs the model again, reusing the digests of files that did not change since an
    /// earlier signature, and writes a complete new signature to `signaturePath` (which may be
    /// the earlier signature's path).
    ///
    /// 1. The earlier signature is verified with `reuse.verifier`; nothing is reused otherwise.
    ///    Its serialization (method, hash, shard size) must equal this signer's.
    /// 2. The model is walked as for a full signing. A file is hashed again when it is new,
    ///    listed in ``SignatureReuse/changedPaths``, its modification or status-change time is
    ///    not older than the earlier signature file's modification time, or (shards) its size
    ///    differs from the signed one. Every other file's signed digests are reused unread —
    ///    the trust assumption stated on ``SignatureReuse``.
    /// 3. The new manifest (reused plus fresh digests, canonical order) is signed and written
    ///    atomically. The new file's modification time is set to just before the walk began,
    ///    so that the next re-signing also catches files changed while this one ran.
    ///
    /// Files that disappeared are dropped. The result lists what was hashed and what reused.
    @discardableResult
    public func sign(modelAt path: String, signatureAt signaturePath: String, reusing reuse: SignatureReuse,
                     progress: HashingProgress? = nil) async throws(ModelSigningError) -> ResigningReport {
        let startedAt = FileTimes.now() - ModelSigner.watermarkMargin
        guard let watermark = FileTimes(path: reuse.signaturePath)?.modification else {
            throw .io(path: reuse.signaturePath, reason: "cannot examine the earlier signature: \(String(cString: strerror(errno)))")
        }
        let previous = try await ModelSigner.verifiedManifest(at: reuse.signaturePath, verifier: reuse.verifier)

        let configured = try applyingSignatureRules(modelAt: path, signatureAt: signaturePath)
        let serialization = configured.hasher.serialization
        guard previous.serialization.method == serialization.method,
              previous.serialization.hashAlgorithm == serialization.hashAlgorithm else {
            throw .invalidRequest("the earlier signature uses \(ModelSigner.describe(previous.serialization)), this signing "
                                  + "\(ModelSigner.describe(serialization)); its digests cannot be reused (sign without reuse)")
        }

        let tree: ModelTree
        do throws(ModelHashingError) {
            tree = try configured.hasher.walk(modelAt: path)
            guard !tree.files.isEmpty else { throw ModelHashingError.emptyModel(path: path) }
        } catch {
            throw .hashing(error)
        }

        // The earlier digests by file; a single-file model's file may be recorded by its basename.
        var previousByPath: [ModelPath: [Resource]] = [:]
        for resource in previous.resources {
            previousByPath[tree.isSingleFile ? .singleFile : resource.path, default: []].append(resource)
        }
        if tree.isSingleFile, Set(previous.resources.map(\.path)).count > 1 { previousByPath = [:] }
        var changed = Set(reuse.changedPaths)
        if tree.isSingleFile, changed.contains(where: { $0 == .singleFile || $0.utf8.elementsEqual(tree.modelName.utf8) }) {
            changed = [.singleFile]
        }

        var reused: [Resource] = []
        var reusedFiles: [ModelPath] = []
        var toHash: [ModelPath] = []
        for file in tree.files {
            if !changed.contains(file.path), let signed = previousByPath[file.path],
               ModelSigner.isUnchanged(file, signed: signed, serialization: serialization, watermark: watermark) {
                reused += signed.map { Resource(path: file.path, range: $0.range, algorithm: serialization.resourceAlgorithm,
                                                digest: $0.digest) }
                reusedFiles.append(file.path)
            } else {
                toHash.append(file.path)
            }
        }

        var fresh: [Resource] = []
        var bytesHashed: Int64 = 0
        if !toHash.isEmpty {
            do throws(ModelHashingError) {
                let manifest = try await configured.hasher.hash(modelAt: path, only: toHash, progress: progress)
                fresh = manifest.resources
                let hashed = Set(toHash)
                bytesHashed = tree.files.filter { hashed.contains($0.path) }.reduce(0) { $0 + $1.size }
            } catch {
                throw .hashing(error)
            }
        }

        let manifest = Manifest(modelName: tree.modelName, serialization: serialization, resources: reused + fresh)
        let bundle = try await signer.bundle(signing: OMSStatement.payload(for: manifest))
        try SignatureFile.replace(signaturePath, with: bundle.serialized())
        FileTimes.setModificationTime(of: signaturePath, to: startedAt)
        return ResigningReport(bundle: bundle, manifest: manifest, hashedFiles: toHash, reusedFiles: reusedFiles,
                               bytesHashed: bytesHashed)
    }

    /// The manifest of a signature file, after its signature verified.
    static func verifiedManifest(at signaturePath: String,
                                 verifier: any BundleVerifier) async throws(ModelSigningError) -> Manifest {
        let bundle = try SignatureFile.bundle(at: signaturePath)
        let verified = try await ModelVerifier(verifier: verifier).verifiedPayload(of: bundle)
        return try OMSStatement.manifest(fromPayload: verified.payload)
    }

    /// Whether `file` may keep its earlier digests: both its times predate the earlier
    /// signature, the walk saw the same modification time, and (shards) the signed shards
    /// are exactly those of its current size.
    static func isUnchanged(_ file: ModelFile, signed: [Resource], serialization: Serialization,
                            watermark: Int64) -> Bool {
        guard let times = FileTimes(path: file.sourcePath), times.modification == file.modificationTime,
              times.latest < watermark else { return false }
        switch serialization.method {
        case .files:
            return signed.count == 1 && signed[0].range == nil
        case .shards(let size):
            var expected: [Range<Int64>] = []
            var start: Int64 = 0
            while start < file.size {
                expected.append(start..<min(file.size, start + size))
                start += size
            }
            let ranges = signed.compactMap(\.range).sorted { $0.lowerBound < $1.lowerBound }
            return ranges.count == signed.count && ranges == expected
        }
    }

    static func describe(_ serialization: Serialization) -> String {
        switch serialization.method {
        case .files: return "files/\(serialization.hashAlgorithm.rawValue)"
        case .shards(let size): return "shards of \(size) bytes/\(serialization.hashAlgorithm.rawValue)"
        }
    }
}

