import ModelHashing
import Sigstore

extension ModelSigner {
    /// Signs a manifest whose digests are already known (for example an OCI image manifest's
    /// layers, ``OCIImageManifest``) without reading any file, and writes the bundle to
    /// `signaturePath` atomically.
    @discardableResult
    public func sign(manifest: Manifest, signatureAt signaturePath: String) async throws(ModelSigningError) -> SigstoreBundle {
        let bundle = try await signer.bundle(signing: OMSStatement.payload(for: manifest))
        try SignatureFile.replace(signaturePath, with: bundle.serialized())
        return bundle
    }
}
