import SwiftASN1

/// The elliptic curves OMS signatures use, each with the hash the reference pairs it with.
public enum ECCurve: String, Sendable, CaseIterable {
    case p256 = "P-256"
    case p384 = "P-384"
    case p521 = "P-521"

    /// The name Sigstore's `keyDetails` uses.
    public var keyDetails: String {
        switch self {
        case .p256: return "PKIX_ECDSA_P256_SHA_256"
        case .p384: return "PKIX_ECDSA_P384_SHA_384"
        case .p521: return "PKIX_ECDSA_P521_SHA_512"
        }
    }

    static let ecPublicKeyOID: ASN1ObjectIdentifier = [1, 2, 840, 10045, 2, 1]

    init?(oid: ASN1ObjectIdentifier) {
        switch oid {
        case [1, 2, 840, 10045, 3, 1, 7]: self = .p256
        case [1, 3, 132, 0, 34]: self = .p384
        case [1, 3, 132, 0, 35]: self = .p521
        default: return nil
        }
    }

    /// A readable name for an algorithm or curve this library refuses.
    static func describeUnsupported(_ oid: ASN1ObjectIdentifier) -> String {
        switch oid {
        case [1, 3, 132, 0, 10]: return "EC secp256k1"
        case [1, 3, 101, 112]: return "Ed25519"
        case [1, 3, 101, 113]: return "Ed448"
        case [1, 2, 840, 113549, 1, 1, 1]: return "RSA"
        case [1, 2, 840, 113549, 1, 1, 10]: return "RSA-PSS"
        case [1, 2, 840, 10040, 4, 1]: return "DSA"
        default: return "algorithm \(oid)"
        }
    }
}
