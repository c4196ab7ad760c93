import Sigstore

/// Signs with an EC key through a ``SignatureProvider``; the bundle names the key by its hint
/// only (key method).
public struct KeySigner: BundleSigner {
    /// Makes the signatures (an in-memory key, a token, an external command…).
    public let provider: any SignatureProvider

    /// The key that verifies the signatures (its hint goes into the bundle).
    public var publicKey: ECPublicKey { provider.publicKey }

    /// A signer with `privateKey`; bundles carry only a hint of its public key.
    public init(privateKey: ECPrivateKey) {
        self.provider = privateKey
    }

    public init(provider: any SignatureProvider) {
        self.provider = provider
    }

    public func bundle(signing payload: [UInt8]) async throws(ModelSigningError) -> SigstoreBundle {
        let envelope = try await DSSEEnvelope.signed(payload: payload, by: provider)
        let material = VerificationMaterial(signer: .publicKey(hint: publicKey.hint, rawBytes: nil, keyDetails: nil))
        return SigstoreBundle(verificationMaterial: material, content: .dsseEnvelope(envelope))
    }
}
