import Sigstore

/// Signs with an EC or RSA key through a ``SignatureProvider``; the bundle names the key by its hint
/// only (key method).
public struct KeySigner: BundleSigner {
    /// Makes the signatures (an in-memory key, a token, an external command…).
    public let provider: any SignatureProvider

    /// The key that verifies the signatures (its hint goes into the bundle).
    public var publicKey: SignerPublicKey { provider.signerPublicKey }
    /// Authorities asked, in order, for an RFC 3161 timestamp over the signature; the tokens go
    /// into `verificationMaterial.timestampVerificationData.rfc3161Timestamps`. Empty (the
    /// default): no timestamp. Any authority failing fails the signing.
    public var timestampAuthorities: [any TimestampAuthority] = []

    /// A signer with `privateKey`; bundles carry only a hint of its public key.
    public init(privateKey: ECPrivateKey, timestampAuthorities: [any TimestampAuthority] = []) {
        self.provider = privateKey
        self.timestampAuthorities = timestampAuthorities
    }

    /// A signer whose signatures `provider` makes, timestamped by `timestampAuthorities`.
    public init(provider: any SignatureProvider, timestampAuthorities: [any TimestampAuthority] = []) {
        self.provider = provider
        self.timestampAuthorities = timestampAuthorities
    }

    public func bundle(signing payload: [UInt8]) async throws(ModelSigningError) -> SigstoreBundle {
        let envelope = try await DSSEEnvelope.signed(payload: payload, by: provider)
        let timestamps = try await SignatureTimestamping.timestamps(over: envelope.signatures[0].signature, from: timestampAuthorities)
        let material = VerificationMaterial(signer: .publicKey(hint: publicKey.hint, rawBytes: nil, keyDetails: nil),
                                            rfc3161Timestamps: timestamps)
        return SigstoreBundle(verificationMaterial: material, content: .dsseEnvelope(envelope))
    }
}
