import Sigstore

/// Verifies key-method bundles with an EC public key.
///
/// The bundle must carry `publicKey` material. When it has a hint (model_signing ≥ 1.1), the
/// hint must equal this key's; older bundles without one are accepted on the signature alone.
public struct KeyVerifier: BundleVerifier {
    /// The trusted public key.
    public let publicKey: ECPublicKey

    /// A verifier trusting `publicKey` only.
    public init(publicKey: ECPublicKey) {
        self.publicKey = publicKey
    }

    public func verifiedPayload(of bundle: SigstoreBundle) async throws -> VerifiedPayload {
        try verify(bundle)
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
