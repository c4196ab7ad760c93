/// Makes the signatures of the key and certificate methods, wherever the private key lives.
///
/// A provider receives the exact bytes to sign (the DSSE pre-authentication encoding of the
/// statement) and returns an ECDSA signature in DER over them, hashed with the curve's hash
/// (SHA-256 for P-256, SHA-384 for P-384, SHA-512 for P-521), as `ECPublicKey` verifies it.
/// Hashing, the statement and the bundle stay with ``KeySigner`` and ``CertificateSigner``, so
/// an HSM, a KMS or another process only has to implement this.
///
/// Implementations: ``ECPrivateKey`` (in memory), ``PKCS11SignatureProvider`` (a token through
/// a PKCS#11 module) and ``ExternalCommandSignatureProvider`` (a command that signs stdin).
/// Every signature is checked against ``publicKey`` before a bundle is made, so a provider
/// that returns a wrong signature causes an error, never an unverifiable signature file.
public protocol SignatureProvider: Sendable {
    /// The public key that verifies this provider's signatures.
    var publicKey: ECPublicKey { get }

    /// A DER ECDSA signature over `message` (hashed with ``publicKey``'s curve hash).
    func signature(for message: [UInt8]) async throws(ModelSigningError) -> [UInt8]
}

extension ECPrivateKey: SignatureProvider {}
