import Crypto
import X509
import _CryptoExtras
import Foundation

/// What a bundle is checked against: the artifact itself, or its digest.
///
/// For a `messageSignature` bundle the signature must be over the artifact; for a DSSE bundle
/// the artifact's digest must be one of the in-toto statement's subjects.
public enum Artifact: Sendable {
    /// The artifact's bytes.
    case bytes([UInt8])
    /// A file, read once and hashed in a streaming fashion.
    case file(URL)
    /// Only the digest is known (`sha256:<hex>` on the command line).
    case digest(DigestAlgorithm, [UInt8])
}

/// Digests of an artifact, kept as swift-crypto digest values when the artifact itself was
/// hashed (so that RSA signatures can be checked too).
struct ArtifactDigests: Sendable {
    var sha256: SHA256Digest?
    var sha384: SHA384Digest?
    var sha512: SHA512Digest?
    /// A digest supplied by the caller.
    var given: (DigestAlgorithm, [UInt8])?

    init(_ artifact: Artifact) throws(SigstoreVerificationError) {
        switch artifact {
        case .bytes(let bytes):
            sha256 = SHA256.hash(data: bytes)
            sha384 = SHA384.hash(data: bytes)
            sha512 = SHA512.hash(data: bytes)
        case .digest(let algorithm, let digest):
            guard digest.count == algorithm.byteCount else {
                throw SigstoreVerificationError(.artifact, "a \(algorithm.rawValue) digest has \(algorithm.byteCount) bytes, not \(digest.count)")
            }
            given = (algorithm, digest)
        case .file(let url):
            guard let handle = try? FileHandle(forReadingFrom: url) else {
                throw SigstoreVerificationError(.artifact, "cannot open \(url.path)")
            }
            defer { try? handle.close() }
            var hasher256 = SHA256()
            var hasher384 = SHA384()
            var hasher512 = SHA512()
            while true {
                let chunk: Data?
                do {
                    chunk = try handle.read(upToCount: 1 << 20)
                } catch {
                    throw SigstoreVerificationError(.artifact, "cannot read \(url.path): \(error.localizedDescription)")
                }
                guard let chunk, !chunk.isEmpty else { break }
                hasher256.update(data: chunk)
                hasher384.update(data: chunk)
                hasher512.update(data: chunk)
            }
            sha256 = hasher256.finalize()
            sha384 = hasher384.finalize()
            sha512 = hasher512.finalize()
        }
    }

    /// The digest with `algorithm`, when known.
    func digest(_ algorithm: DigestAlgorithm) -> [UInt8]? {
        if let given { return given.0 == algorithm ? given.1 : nil }
        switch algorithm {
        case .sha256: return sha256.map(Array.init)
        case .sha384: return sha384.map(Array.init)
        case .sha512: return sha512.map(Array.init)
        }
    }

    /// The algorithms for which a digest is known.
    var algorithms: [DigestAlgorithm] { DigestAlgorithm.allCases.filter { digest($0) != nil } }

    /// Checks a signature over the artifact hashed with `algorithm`.
    func isValidSignature(_ signature: [UInt8], key: VerificationKey, algorithm: DigestAlgorithm) -> Bool? {
        if let given {
            guard given.0 == algorithm else { return nil }
            return key.isValidSignature(signature, forDigest: given.1, algorithm: algorithm)
        }
        switch key.kind {
        case .ed25519:
            return nil  // Ed25519 signs the message itself, which is not kept.
        case .rsa:
            guard let rsa = _RSA.Signing.PublicKey(key.key) else { return false }
            let parsed = _RSA.Signing.RSASignature(rawRepresentation: signature)
            switch algorithm {
            case .sha256: return sha256.map { rsa.isValidSignature(parsed, for: $0, padding: .insecurePKCS1v1_5) }
            case .sha384: return sha384.map { rsa.isValidSignature(parsed, for: $0, padding: .insecurePKCS1v1_5) }
            case .sha512: return sha512.map { rsa.isValidSignature(parsed, for: $0, padding: .insecurePKCS1v1_5) }
            }
        default:
            guard let digest = digest(algorithm) else { return nil }
            return key.isValidSignature(signature, forDigest: digest, algorithm: algorithm)
        }
    }
}
