/// How a model is hashed: what is computed (the serialization, which names the hash
/// algorithm) and how the work is done (worker count, read strategy, progress counter).
///
/// One value travels through ``ModelHasher``, the signer, the verifier, the re-signer and
/// verified reads, instead of each of them taking loose parameters. Only ``serialization``
/// affects digests; the other settings change speed and memory, never a result.
///
/// ```swift
/// var hashing = HashingConfiguration(serialization: Serialization(hashAlgorithm: .blake3))
/// hashing.workers = 4
/// let manifest = try await ModelHasher(configuration: hashing).hash(modelAt: "llama/")
/// ```
///
/// Verifying, and verified reads at load time, take the serialization from the signature:
/// there only the worker count, read strategy and progress of a configuration apply.
public struct HashingConfiguration: Sendable {
    /// The method (files or shards), hash algorithm, symlink policy and recorded ignore paths.
    public var serialization: Serialization
    /// Threads hashing at once (at least 1); defaults to the number of active processors.
    public var workers: Int {
        didSet { workers = max(1, workers) }
    }
    /// How large files are read when BLAKE3 hashes one file on several cores.
    public var readStrategy: ReadStrategy
    /// Counts the bytes hashed, for a progress display; `nil` counts nothing.
    public var progress: HashingProgress?
    /// BLAKE3 items (files, shards, verified units) at least this large are hashed one at a
    /// time with every worker through BLAKE3's tree mode instead of one worker each. Tests
    /// lower it to take that path with small files.
    package var blake3TreeThreshold: Int64 = HashingConfiguration.defaultBLAKE3TreeThreshold

    /// The default ``blake3TreeThreshold``: 64 MiB.
    package static let defaultBLAKE3TreeThreshold: Int64 = 64 << 20

    /// A configuration with these settings; `workers` defaults to ``defaultWorkerCount`` and
    /// is raised to 1 when smaller.
    public init(serialization: Serialization = Serialization(), workers: Int? = nil,
                readStrategy: ReadStrategy = .automatic, progress: HashingProgress? = nil) {
        self.serialization = serialization
        self.workers = max(1, workers ?? HashingConfiguration.defaultWorkerCount)
        self.readStrategy = readStrategy
        self.progress = progress
    }

    /// The number of processors available to this process.
    public static var defaultWorkerCount: Int { max(1, ProcessInfoLite.activeProcessorCount) }

    /// This configuration with `serialization` in place of its own (a verifier hashes with
    /// the serialization a signature records).
    public func with(serialization: Serialization) -> HashingConfiguration {
        var copy = self
        copy.serialization = serialization
        return copy
    }

    /// This configuration counting into `progress` when it is given, else into its own.
    public func with(progress: HashingProgress?) -> HashingConfiguration {
        guard let progress else { return self }
        var copy = self
        copy.progress = progress
        return copy
    }
}
