import Crypto
import X509

/// An ECDSA public key on P-256, P-384 or P-521, with the one signature check that model keys,
/// bundle keys and TUF keys share: a DER signature over a message hashed with the curve's hash
/// (or a given one).
package enum ECDSAPublicKey: Sendable {
    case p256(P256.Signing.PublicKey)
    case p384(P384.Signing.PublicKey)
    case p521(P521.Signing.PublicKey)

    /// The ECDSA key inside `key`; nil for RSA and Ed25519 keys.
    package init?(_ key: Certificate.PublicKey) {
        if let key = P256.Signing.PublicKey(key) {
            self = .p256(key)
        } else if let key = P384.Signing.PublicKey(key) {
            self = .p384(key)
        } else if let key = P521.Signing.PublicKey(key) {
            self = .p521(key)
        } else {
            return nil
        }
    }

    /// The hash that pairs with the curve (SHA-256, SHA-384, SHA-512).
    package var curveDigest: DigestAlgorithm {
        switch self {
        case .p256: return .sha256
        case .p384: return .sha384
        case .p521: return .sha512
        }
    }

    /// The DER SubjectPublicKeyInfo.
    package var subjectPublicKeyInfo: [UInt8] {
        switch self {
        case .p256(let key): return Array(key.derRepresentation)
        case .p384(let key): return Array(key.derRepresentation)
        case .p521(let key): return Array(key.derRepresentation)
        }
    }

    /// Checks a DER `signature` over `parts` one after the other (not joined: a large DSSE
    /// payload is tens of megabytes), hashed with `digest` (default: ``curveDigest``).
    package func isValidSignature(_ signature: [UInt8], forConcatenationOf parts: [[UInt8]], digest: DigestAlgorithm? = nil) -> Bool {
        func hash<Hash: HashFunction>(_: Hash.Type) -> Hash.Digest {
            var hasher = Hash()
            for part in parts { hasher.update(data: part) }
            return hasher.finalize()
        }
        switch digest ?? curveDigest {
        case .sha256: return isValidSignature(signature, forDigest: hash(SHA256.self))
        case .sha384: return isValidSignature(signature, forDigest: hash(SHA384.self))
        case .sha512: return isValidSignature(signature, forDigest: hash(SHA512.self))
        }
    }

    /// Checks a DER `signature` over a message of which only `digest` is known.
    package func isValidSignature(_ signature: [UInt8], forDigest digest: some Digest) -> Bool {
        switch self {
        case .p256(let key):
            guard let parsed = try? P256.Signing.ECDSASignature(derRepresentation: signature) else { return false }
            return key.isValidSignature(parsed, for: digest)
        case .p384(let key):
            guard let parsed = try? P384.Signing.ECDSASignature(derRepresentation: signature) else { return false }
            return key.isValidSignature(parsed, for: digest)
        case .p521(let key):
            guard let parsed = try? P521.Signing.ECDSASignature(derRepresentation: signature) else { return false }
            return key.isValidSignature(parsed, for: digest)
        }
    }
}
