import Crypto
import _CryptoExtras
import Foundation
import Sigstore

/// A public key listed in root or targets metadata, ready to verify signatures over canonical
/// JSON. Supported: `ecdsa`/`ecdsa-sha2-nistp256` keys (hex SEC1 point or PEM
/// SubjectPublicKeyInfo) with scheme `ecdsa-sha2-nistp256` (or `-nistp384`), DER signatures;
/// `ed25519` (hex raw key, raw signatures); `rsa` with scheme `rsassa-pss-sha256` (PEM).
/// A key of another type is kept but verifies nothing, as TUF asks of unknown key types.
public struct TUFKey: Sendable {
    /// The key type (`keytype`).
    public let keyType: String
    /// The signature scheme (`scheme`).
    public let scheme: String
    private let verifier: Verifier?

    private enum Verifier: Sendable {
        /// ECDSA with the curve's own hash (`ecdsa-sha2-nistp256`, `-nistp384`).
        case ecdsa(ECDSAPublicKey)
        case ed25519(Curve25519.Signing.PublicKey)
        case rsaPSS(_RSA.Signing.PublicKey)
    }

    /// Whether signatures by this key can be checked.
    public var isSupported: Bool { verifier != nil }

    init(fields: MetadataFields) throws(TUFError) {
        keyType = try fields.string("keytype")
        scheme = try fields.string("scheme")
        let value = try fields.object("keyval")
        let publicText = try value.string("public")
        verifier = TUFKey.makeVerifier(keyType: keyType, scheme: scheme, publicText: publicText)
    }

    private static func makeVerifier(keyType: String, scheme: String, publicText: String) -> Verifier? {
        let isPEM = publicText.hasPrefix("-----BEGIN")
        switch (keyType, scheme) {
        case ("ecdsa", "ecdsa-sha2-nistp256"), ("ecdsa-sha2-nistp256", "ecdsa-sha2-nistp256"):
            if isPEM { return (try? P256.Signing.PublicKey(pemRepresentation: publicText)).map { Verifier.ecdsa(.p256($0)) } }
            return Hex.decode(publicText).flatMap { try? P256.Signing.PublicKey(x963Representation: $0) }.map { Verifier.ecdsa(.p256($0)) }
        case ("ecdsa", "ecdsa-sha2-nistp384"), ("ecdsa-sha2-nistp384", "ecdsa-sha2-nistp384"):
            if isPEM { return (try? P384.Signing.PublicKey(pemRepresentation: publicText)).map { Verifier.ecdsa(.p384($0)) } }
            return Hex.decode(publicText).flatMap { try? P384.Signing.PublicKey(x963Representation: $0) }.map { Verifier.ecdsa(.p384($0)) }
        case ("ed25519", "ed25519"):
            return Hex.decode(publicText).flatMap { try? Curve25519.Signing.PublicKey(rawRepresentation: $0) }.map(Verifier.ed25519)
        case ("rsa", "rsassa-pss-sha256"):
            return (try? _RSA.Signing.PublicKey(pemRepresentation: publicText)).map(Verifier.rsaPSS)
        default:
            return nil
        }
    }

    /// Whether `signature` is a valid signature by this key over `message`.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        switch verifier {
        case .ecdsa(let key):
            return key.isValidSignature(signature, forConcatenationOf: [message])
        case .ed25519(let key):
            return key.isValidSignature(signature, for: message)
        case .rsaPSS(let key):
            let parsed = _RSA.Signing.RSASignature(rawRepresentation: signature)
            return key.isValidSignature(parsed, for: SHA256.hash(data: message), padding: .PSS)
        case nil:
            return false
        }
    }
}
