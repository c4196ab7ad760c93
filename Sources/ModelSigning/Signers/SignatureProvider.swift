/// Makes the signatures of the key and certificate methods, wherever the private key lives.
///
/// A provider receives the exact bytes to sign (the DSSE pre-authentication encoding of the
/// statement) and returns a signature over them as ``SignerPublicKey`` verifies it: DER ECDSA
/// hashed with the curve's hash (SHA-256 for P-256, SHA-384 for P-384, SHA-512 for P-521), or
/// raw RSASSA-PKCS1-v1_5 over SHA-256 for an RSA key.
/// Hashing, the statement and the bundle stay with ``KeySigner`` and ``CertificateSigner``, so
/// an HSM, a KMS or another process only has to implement this.
///
/// Implementations: ``ECPrivateKey`` (in memory), ``PKCS11SignatureProvider`` (a token through
/// a PKCS#11 module) and ``ExternalCommandSignatureProvider`` (a command that signs stdin).
/// Every signature is checked against ``signerPublicKey`` before a bundle is made, so a provider
/// that returns a wrong signature causes an error, never an unverifiable signature file.
public protocol SignatureProvider: Sendable {
    /// The public key that verifies this provider's signatures.
    var signerPublicKey: SignerPublicKey { get }

    /// A signature over `message` in the form ``signerPublicKey`` verifies.
    func signature(for message: [UInt8]) async throws(ModelSigningError) -> [UInt8]
}

extension ECPrivateKey: SignatureProvider {
    /// ``publicKey`` as a ``SignerPublicKey``.
    public var signerPublicKey: SignerPublicKey { .ec(publicKey) }
}
