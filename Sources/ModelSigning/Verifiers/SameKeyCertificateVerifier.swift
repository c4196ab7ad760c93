import Sigstore

/// Accepts a certificate-method bundle only if its signing certificate holds the given public
/// key and the DSSE signature verifies with it: "was this signed with this key?", which is what
/// re-signing with ``SignatureReuse`` must know before copying digests from an earlier signature.
///
/// It deliberately checks no chain, validity period or identity: the new signature gets those
/// checks from its own verifiers, and the question here is only whether the digests being
/// reused were already signed by the same private key (a renewed certificate for that key counts).
struct SameKeyCertificateVerifier: BundleVerifier {
    let publicKey: SignerPublicKey

    func verifiedPayload(of bundle: SigstoreBundle) async throws -> VerifiedPayload {
        try verify(bundle)
    }

    func verify(_ bundle: SigstoreBundle) throws(ModelSigningError) -> VerifiedPayload {
        guard case .x509CertificateChain(let encoded) = bundle.verificationMaterial.signer else {
            throw .verificationMaterialMismatch("the earlier signature was made with \(bundle.verificationMaterial.signerKindName) material, not a certificate chain")
        }
        guard let leafDER = encoded.first else {
            throw .certificate("the earlier signature's x509CertificateChain holds no certificate")
        }
        let leaf: SignerPublicKey
        do {
            leaf = try CertificateLoader.certificate(der: leafDER).signingKey()
        } catch {
            throw .certificate("the earlier signature's signing certificate: \(error.certificateReason)")
        }
        guard leaf.subjectPublicKeyInfo == publicKey.subjectPublicKeyInfo else {
            throw .verificationMaterialMismatch("the earlier signature was made with another key (\(leaf.hint)) than the signing certificate's (\(publicKey.hint))")
        }
        return try bundle.verifiedDSSEPayload(with: leaf, signerDescription: "signing key \(leaf.hint)")
    }
}
