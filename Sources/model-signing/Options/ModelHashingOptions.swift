import ArgumentParser
import ModelHashing

/// Options that choose how a model is hashed when signing or computing a digest. Verification
/// always uses what the signature records.
struct ModelHashingOptions: ParsableArguments {
    @Option(name: [.customLong("hash")], help: "Hash function: sha256, blake2b or blake3.")
    var hash: HashAlgorithm = .sha256

    @Option(name: [.customLong("shard-size"), .customLong("shard_size")],
            help: "Hash files in shards of this many bytes (selects the shards serialization).")
    var shardSize: Int64?

    @Flag(name: [.customLong("allow-symlinks"), .customLong("allow_symlinks")],
          help: "Follow symbolic links whose targets stay inside the model.")
    var allowSymlinks = false

    @Option(name: .customLong("symlink-root"), parsing: .singleValue,
            help: ArgumentHelp("With --allow-symlinks: a directory links may also point into, such as a Hugging Face cache's blobs folder. Links anywhere else are still refused. Repeatable.",
                               valueName: "dir"))
    var symlinkRoots: [String] = []

    func validate() throws {
        if !symlinkRoots.isEmpty, !allowSymlinks {
            throw ValidationError("--symlink-root needs --allow-symlinks")
        }
    }

    func serialization(ignorePaths: [ModelPath]) throws -> Serialization {
        let method: Serialization.Method
        if let shardSize {
            guard shardSize > 0 else { throw ValidationError("--shard-size must be a positive number of bytes") }
            // The reference never shards BLAKE3 (it hashes whole files with BLAKE3's own
            // parallelism and records files), so a BLAKE3 shard signature would not verify there.
            guard hash != .blake3 else {
                throw ValidationError("--shard-size cannot be used with --hash blake3: BLAKE3 hashes each file across all cores with its tree mode, and the reference cannot verify BLAKE3 shards")
            }
            method = .shards(size: shardSize)
        } else {
            method = .files
        }
        return Serialization(method: method, hashAlgorithm: hash, allowSymlinks: allowSymlinks, ignorePaths: ignorePaths)
    }
}

extension HashAlgorithm: ExpressibleByArgument {}
