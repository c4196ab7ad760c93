import Sigstore

extension SigstoreBundle {
    /// The payload of the bundle's DSSE envelope once its signature verifies with `key` (standard
    /// PAE, or model_signing v0.2's encoding hashed with SHA-256), described as `signerDescription`.
    /// The common last step of the key, certificate and re-signing verifiers.
    func verifiedDSSEPayload(with key: SignerPublicKey, signerDescription: String) throws(ModelSigningError) -> VerifiedPayload {
        guard let envelope = dsseEnvelope else {
            throw .invalidPayload("the bundle holds a message signature, not a DSSE envelope")
        }
        let compatibility = try envelope.verifySignature(with: key, allowCompatibility: true)
        return VerifiedPayload(payload: envelope.payload, usedCompatibilityEncoding: compatibility,
                               signerDescription: signerDescription)
    }
}
