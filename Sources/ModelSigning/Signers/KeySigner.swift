import Sigstore

/// Signs with an EC private key; the bundle names the key by its hint only (key method).
public struct KeySigner: BundleSigner {
    /// The key that signs.
    public let privateKey: ECPrivateKey

    /// A signer with `privateKey`; bundles carry only a hint of its public key.
    public init(privateKey: ECPrivateKey) {
        self.privateKey = privateKey
    }

    public func bundle(signing payload: [UInt8]) async throws(ModelSigningError) -> SigstoreBundle {
        let envelope = try DSSEEnvelope.signed(payload: payload, with: privateKey)
        let material = VerificationMaterial(signer: .publicKey(hint: privateKey.publicKey.hint, rawBytes: nil, keyDetails: nil))
        return SigstoreBundle(verificationMaterial: material, content: .dsseEnvelope(envelope))
    }
}

extension DSSEEnvelope {
    /// An in-toto envelope over `payload` signed by `key`.
    package static func signed(payload: [UInt8], with key: ECPrivateKey) throws(ModelSigningError) -> DSSEEnvelope {
        let pae = DSSEEnvelope.preAuthenticationEncoding(payloadType: DSSEEnvelope.inTotoPayloadType, payload: payload)
        let signature = try key.signature(for: pae)
        return DSSEEnvelope(payload: payload, signatures: [DSSESignature(signature: signature)])
    }
}
