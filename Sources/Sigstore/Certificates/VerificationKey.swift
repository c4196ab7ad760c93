import Crypto
import Foundation
import SwiftASN1
import X509
import _CryptoExtras

/// A public key that checks signatures: log keys, CT log keys, TSA and Fulcio leaf keys,
/// and keys given by the user.
package struct VerificationKey: Sendable, Equatable {
    package enum Kind: Sendable, Equatable {
        case p256, p384, p521, rsa, ed25519

        var name: String {
            switch self {
            case .p256: return "ECDSA P-256"
            case .p384: return "ECDSA P-384"
            case .p521: return "ECDSA P-521"
            case .rsa: return "RSA"
            case .ed25519: return "Ed25519"
            }
        }
    }

    package let key: Certificate.PublicKey
    package let kind: Kind
    /// The DER SubjectPublicKeyInfo.
    package let subjectPublicKeyInfo: [UInt8]
    /// The key bits of the SubjectPublicKeyInfo (for Ed25519, the 32-byte key).
    package var rawKeyBytes: [UInt8] { Array(key.subjectPublicKeyInfoBytes) }

    package init(_ key: Certificate.PublicKey) {
        self.key = key
        if P256.Signing.PublicKey(key) != nil {
            kind = .p256
        } else if P384.Signing.PublicKey(key) != nil {
            kind = .p384
        } else if P521.Signing.PublicKey(key) != nil {
            kind = .p521
        } else if _RSA.Signing.PublicKey(key) != nil {
            kind = .rsa
        } else {
            kind = .ed25519
        }
        subjectPublicKeyInfo = key.subjectPublicKeyInfoDER
    }

    /// Reads a DER SubjectPublicKeyInfo, or (for RSA) a PKCS#1 RSAPublicKey.
    package init(der: [UInt8]) throws(DERFormatError) {
        if let key = try? Certificate.PublicKey(derEncoded: der) {
            self.init(key)
        } else if let rsa = try? _RSA.Signing.PublicKey(derRepresentation: der) {
            self.init(Certificate.PublicKey(rsa))
        } else {
            throw DERFormatError("not a supported public key (ECDSA P-256/P-384/P-521, RSA or Ed25519)")
        }
    }

    /// Reads a PEM `PUBLIC KEY` (text before the PEM block is ignored).
    package init(pem: String) throws(DERFormatError) {
        guard let der = PEMBlock.firstDER(in: pem, label: "PUBLIC KEY") else {
            throw DERFormatError("no PUBLIC KEY block in the PEM text")
        }
        try self.init(der: der)
    }

    /// The hash that pairs with this key by default (ECDSA: by curve; RSA: SHA-256).
    package var defaultDigest: DigestAlgorithm {
        switch kind {
        case .p384: return .sha384
        case .p521: return .sha512
        default: return .sha256
        }
    }

    /// The X.509 signature algorithm for this key with the given hash.
    package func signatureAlgorithm(_ digest: DigestAlgorithm) -> Certificate.SignatureAlgorithm {
        switch (kind, digest) {
        case (.ed25519, _): return .ed25519
        case (.rsa, .sha256): return .sha256WithRSAEncryption
        case (.rsa, .sha384): return .sha384WithRSAEncryption
        case (.rsa, .sha512): return .sha512WithRSAEncryption
        case (_, .sha256): return .ecdsaWithSHA256
        case (_, .sha384): return .ecdsaWithSHA384
        case (_, .sha512): return .ecdsaWithSHA512
        }
    }

    /// Checks `signature` (DER ECDSA, raw RSA PKCS#1 v1.5, or raw Ed25519) over `message`.
    /// `digest` picks the hash for ECDSA and RSA; nil uses ``defaultDigest``.
    package func isValidSignature(_ signature: [UInt8], for message: some DataProtocol, digest: DigestAlgorithm? = nil) -> Bool {
        key.isValidSignature(signature, for: message, signatureAlgorithm: signatureAlgorithm(digest ?? defaultDigest))
    }

    /// Checks an ECDSA `signature` over a message of which only the digest is known.
    /// Returns nil when the key cannot check prehashed input (RSA and Ed25519 here).
    package func isValidSignature(_ signature: [UInt8], forDigest digestBytes: [UInt8], algorithm: DigestAlgorithm) -> Bool? {
        guard digestBytes.count == algorithm.byteCount else { return false }
        guard let ecdsa = ECDSAPublicKey(key) else { return nil }
        return ecdsa.isValidSignature(signature, forDigest: PrehashedDigest(bytes: digestBytes))
    }
}

extension Certificate.PublicKey {
    /// The DER SubjectPublicKeyInfo of this key.
    package var subjectPublicKeyInfoDER: [UInt8] {
        var serializer = DER.Serializer()
        // Serializing a key that was parsed or built by swift-certificates does not fail.
        guard (try? serializer.serialize(self)) != nil else { return [] }
        return serializer.serializedBytes
    }
}

/// A digest computed elsewhere (the artifact digest given on the command line), so that ECDSA
/// can check a signature without the message.
struct PrehashedDigest: Digest {
    static var byteCount: Int { 64 }  // upper bound; ECDSA uses the actual buffer length
    let bytes: [UInt8]

    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try bytes.withUnsafeBytes(body)
    }

    var description: String { Hex.encode(bytes) }
}
