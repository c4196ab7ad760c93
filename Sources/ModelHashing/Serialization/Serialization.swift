/// How a model is turned into a list of digests, as recorded in a signature's
/// `predicate.serialization`.
public struct Serialization: Sendable, Equatable {
    /// The reference's default shard size.
    public static let defaultShardSize: Int64 = 1_000_000_000

    /// Whole files or fixed-size shards.
    public enum Method: Sendable, Equatable {
        /// One digest per file (`files`).
        case files
        /// One digest per `size`-byte range of each file (`shards`); empty files get none.
        case shards(size: Int64)

        /// The name recorded in `method`.
        public var name: String {
            switch self {
            case .files: return "files"
            case .shards: return "shards"
            }
        }
    }

    /// Whole files or fixed-size shards.
    public var method: Method
    /// The hash applied to each file or shard.
    public var hashAlgorithm: HashAlgorithm
    /// Whether symbolic links were followed (recorded as `allow_symlinks`).
    public var allowSymlinks: Bool
    /// Paths excluded from the model, recorded as `ignore_paths` when non-empty.
    public var ignorePaths: [ModelPath]

    /// A serialization; the defaults are the reference's (whole files, SHA-256, no links).
    public init(method: Method = .files, hashAlgorithm: HashAlgorithm = .sha256, allowSymlinks: Bool = false,
                ignorePaths: [ModelPath] = []) {
        self.method = method
        self.hashAlgorithm = hashAlgorithm
        self.allowSymlinks = allowSymlinks
        self.ignorePaths = ignorePaths
    }

    /// The `algorithm` written in each resource: the hash name for files,
    /// `<hash>-sharded-<size>` for shards (what the reference writes and compares).
    public var resourceAlgorithm: String {
        switch method {
        case .files: return hashAlgorithm.rawValue
        case .shards(let size): return "\(hashAlgorithm.rawValue)-sharded-\(size)"
        }
    }
}
