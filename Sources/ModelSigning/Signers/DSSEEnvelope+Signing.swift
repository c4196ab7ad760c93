import Sigstore

extension DSSEEnvelope {
    /// An in-toto envelope over `payload` signed by `key`.
    package static func signed(payload: [UInt8], with key: ECPrivateKey) throws(ModelSigningError) -> DSSEEnvelope {
        let pae = DSSEEnvelope.preAuthenticationEncoding(payloadType: DSSEEnvelope.inTotoPayloadType, payload: payload)
        let signature = try key.signature(for: pae)
        return DSSEEnvelope(payload: payload, signatures: [DSSESignature(signature: signature)])
    }

    /// An in-toto envelope over `payload` signed by `provider`, whose signature is checked
    /// against the provider's public key first (a token or command returning a wrong
    /// signature must not produce a signature file that nobody can verify).
    package static func signed(payload: [UInt8], by provider: any SignatureProvider) async throws(ModelSigningError) -> DSSEEnvelope {
        let pae = DSSEEnvelope.preAuthenticationEncoding(payloadType: DSSEEnvelope.inTotoPayloadType, payload: payload)
        let signature = try await provider.signature(for: pae)
        guard provider.signerPublicKey.isValidSignature(signature, for: pae) else {
            throw .invalidSignature("the signer returned a signature that does not verify with its \(provider.signerPublicKey.algorithmName) public key (hint \(provider.signerPublicKey.hint))")
        }
        return DSSEEnvelope(payload: payload, signatures: [DSSESignature(signature: signature)])
    }
}
