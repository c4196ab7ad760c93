/// A hash function that a serialization can record in `hash_type`.
public enum HashAlgorithm: String, Sendable, CaseIterable, Hashable {
    /// SHA-256 (the default, and the only one the reference CLI uses).
    case sha256
    /// BLAKE2b with a 64-byte digest; recorded as `blake2b`.
    case blake2b
    /// BLAKE3 with a 32-byte digest.
    case blake3

    /// The digest length in bytes.
    public var digestByteCount: Int {
        switch self {
        case .sha256, .blake3: return 32
        case .blake2b: return 64
        }
    }
}
