import Sigstore

/// Signs an OMS statement and packs the signature into a Sigstore bundle.
///
/// Implementations: ``KeySigner`` (an EC private key), the certificate signer, and keyless
/// signers.
public protocol BundleSigner: Sendable {
    /// Signs `payload` (the statement JSON) in a DSSE envelope and returns the bundle.
    func bundle(signing payload: [UInt8]) async throws(ModelSigningError) -> SigstoreBundle
}
