import Sigstore

/// Verifies key-method bundles with an EC or RSA public key.
///
/// The bundle must carry `publicKey` material. When it has a hint (model_signing ≥ 1.1), the
/// hint must equal this key's; older bundles without one are accepted on the signature alone.
/// With ``timestampAuthorities``, every RFC 3161 timestamp in the bundle must verify against
/// them (the verified times are in ``VerifiedPayload/timestamps``); without, they are not
/// checked (``VerifiedPayload/uncheckedTimestampCount``).
public struct KeyVerifier: BundleVerifier {
    /// The trusted public key.
    public let publicKey: SignerPublicKey
    /// The timestamp authorities trusted for the bundle's RFC 3161 timestamps; empty: the
    /// timestamps are not checked. A bundle without timestamps verifies either way.
    public var timestampAuthorities: [CertificateAuthority]

    /// A verifier trusting `publicKey` only, and `timestampAuthorities` for timestamps.
    public init(publicKey: SignerPublicKey, timestampAuthorities: [CertificateAuthority] = []) {
        self.publicKey = publicKey
        self.timestampAuthorities = timestampAuthorities
    }

    /// A verifier trusting the EC key `publicKey` only, and `timestampAuthorities` for timestamps.
    public init(publicKey: ECPublicKey, timestampAuthorities: [CertificateAuthority] = []) {
        self.init(publicKey: .ec(publicKey), timestampAuthorities: timestampAuthorities)
    }

    public func verifiedPayload(of bundle: SigstoreBundle) async throws -> VerifiedPayload {
        var verified = try verify(bundle)
        (verified.timestamps, verified.uncheckedTimestampCount) = try await bundle.verifiedTimestamps(trusting: timestampAuthorities)
        return verified
    }

    func verify(_ bundle: SigstoreBundle) throws(ModelSigningError) -> VerifiedPayload {
        guard bundle.mediaType == SigstoreBundle.mediaTypeV03 else {
            throw .verificationMaterialMismatch("unsupported bundle media type \(DisplayText.quoted(bundle.mediaType)) for a key signature (expected \(SigstoreBundle.mediaTypeV03))")
        }
        guard case .publicKey(let hint, _, _) = bundle.verificationMaterial.signer else {
            throw .verificationMaterialMismatch("the signature was made with \(bundle.verificationMaterial.signerKindName) material, not a public key; use the matching verification method")
        }
        if let hint, !hint.isEmpty, hint != publicKey.hint {
            throw .verificationMaterialMismatch("the signature names key \(hint), but the public key given is \(publicKey.hint)")
        }
        return try bundle.verifiedDSSEPayload(with: publicKey, signerDescription: "public key \(publicKey.hint)")
    }
}
