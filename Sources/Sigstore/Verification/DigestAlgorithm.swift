import Crypto
import Foundation

/// The hash functions Sigstore bundles use for artifact digests.
public enum DigestAlgorithm: String, Sendable, Equatable, CaseIterable {
    case sha256
    case sha384
    case sha512

    /// The protobuf `HashAlgorithm` enum name (`SHA2_256`, …).
    public var protobufName: String {
        switch self {
        case .sha256: return "SHA2_256"
        case .sha384: return "SHA2_384"
        case .sha512: return "SHA2_512"
        }
    }

    /// The digest length in bytes.
    public var byteCount: Int {
        switch self {
        case .sha256: return 32
        case .sha384: return 48
        case .sha512: return 64
        }
    }

    /// Reads a protobuf enum name (`SHA2_256`) or a lowercase name (`sha256`, as Rekor bodies write it).
    public init?(name: String) {
        switch name {
        case "SHA2_256", "sha256", "SHA256", "sha-256": self = .sha256
        case "SHA2_384", "sha384", "SHA384", "sha-384": self = .sha384
        case "SHA2_512", "sha512", "SHA512", "sha-512": self = .sha512
        default: return nil
        }
    }

    /// The digest of `bytes`.
    public func hash(_ bytes: some DataProtocol) -> [UInt8] {
        switch self {
        case .sha256: return Array(SHA256.hash(data: bytes))
        case .sha384: return Array(SHA384.hash(data: bytes))
        case .sha512: return Array(SHA512.hash(data: bytes))
        }
    }
}
