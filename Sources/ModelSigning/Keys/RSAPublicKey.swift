import Crypto
import Foundation
import Sigstore
import SwiftASN1
import _CryptoExtras

/// An RSA public key (2048 to 8192 bits) that verifies RSASSA-PKCS1-v1_5 signatures over
/// SHA-256, the algorithm the Go port of model signing (and sigstore-go) uses for RSA keys
/// of every size (`PKIX_RSA_PKCS1V15_{2048,3072,4096}_SHA256`).
public struct RSAPublicKey: Sendable {
    /// The smallest modulus accepted, in bits; smaller keys are refused when signing and verifying.
    public static let minimumBits = 2048
    /// The largest modulus accepted, in bits (larger keys only make verification slow).
    public static let maximumBits = 8192

    static let rsaEncryptionOID: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 1, 1]

    let key: _RSA.Signing.PublicKey

    /// Reads a DER SubjectPublicKeyInfo whose algorithm is `rsaEncryption`.
    public init(subjectPublicKeyInfo der: [UInt8]) throws(ModelSigningError) {
        let parsed: _RSA.Signing.PublicKey
        do {
            // The unsafe initializer accepts 1024-bit keys, so that a small key gets our clear refusal below.
            parsed = try _RSA.Signing.PublicKey(unsafeDERRepresentation: der)
        } catch {
            throw .key(path: nil, reason: "invalid RSA public key (at least \(RSAPublicKey.minimumBits) bits are required): \(LibraryErrorText.problem(error))")
        }
        try self.init(checking: parsed)
    }

    /// The key with modulus `n` and public exponent `e` (big-endian unsigned integers, as a
    /// PKCS #11 token's `CKA_MODULUS` and `CKA_PUBLIC_EXPONENT`).
    public init(modulus: [UInt8], publicExponent: [UInt8]) throws(ModelSigningError) {
        let bits = RSAPublicKey.bitLength(of: modulus)
        guard bits >= RSAPublicKey.minimumBits else { throw RSAPublicKey.tooSmall(bits) }
        guard bits <= RSAPublicKey.maximumBits else { throw RSAPublicKey.tooLarge(bits) }
        let parsed: _RSA.Signing.PublicKey
        do {
            parsed = try _RSA.Signing.PublicKey(n: modulus, e: publicExponent)
        } catch {
            throw .key(path: nil, reason: "invalid RSA public key (\(bits)-bit modulus): \(LibraryErrorText.problem(error))")
        }
        try self.init(checking: parsed)
    }

    private init(checking parsed: _RSA.Signing.PublicKey) throws(ModelSigningError) {
        let bits = parsed.keySizeInBits
        guard bits >= RSAPublicKey.minimumBits else { throw RSAPublicKey.tooSmall(bits) }
        guard bits <= RSAPublicKey.maximumBits else { throw RSAPublicKey.tooLarge(bits) }
        key = parsed
    }

    /// The modulus size in bits.
    public var bits: Int { key.keySizeInBits }

    /// The DER SubjectPublicKeyInfo (`rsaEncryption`, NULL parameters).
    public var subjectPublicKeyInfo: [UInt8] { Array(key.derRepresentation) }

    /// The name Sigstore's `keyDetails` uses, with the size class the Go port picks.
    public var keyDetails: String {
        switch bits {
        case ...2048: return "PKIX_RSA_PKCS1V15_2048_SHA256"
        case ...3072: return "PKIX_RSA_PKCS1V15_3072_SHA256"
        default: return "PKIX_RSA_PKCS1V15_4096_SHA256"
        }
    }

    /// The DER `DigestInfo` of a SHA-256 digest, what `CKM_RSA_PKCS` signs for PKCS #1 v1.5
    /// (RFC 8017 §9.2, note 1).
    static func sha256DigestInfo(_ digest: SHA256.Digest) -> [UInt8] {
        [0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20]
            + Array(digest)
    }

    /// Checks a raw RSASSA-PKCS1-v1_5 signature over the SHA-256 of `parts`, one after the other.
    func isValidSignature(_ signature: [UInt8], forConcatenationOf parts: [[UInt8]]) -> Bool {
        // A signature is exactly as long as the modulus.
        guard signature.count == (bits + 7) / 8 else { return false }
        var hasher = SHA256()
        for part in parts { hasher.update(data: part) }
        return key.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature), for: hasher.finalize(),
                                    padding: .insecurePKCS1v1_5)
    }

    private static func bitLength(of bigEndian: [UInt8]) -> Int {
        guard let first = bigEndian.firstIndex(where: { $0 != 0 }) else { return 0 }
        return (bigEndian.count - first - 1) * 8 + (8 - bigEndian[first].leadingZeroBitCount)
    }

    private static func tooSmall(_ bits: Int) -> ModelSigningError {
        .key(path: nil, reason: "the RSA key has \(bits) bits, fewer than the \(minimumBits) required")
    }

    private static func tooLarge(_ bits: Int) -> ModelSigningError {
        .key(path: nil, reason: "the RSA key has \(bits) bits, more than the \(maximumBits) accepted")
    }
}
