import ModelHashing

extension ModelVerifier {
    /// Verifies the signature file and compares what it signed with `actual`, a manifest whose
    /// digests are already known (for example an OCI image manifest's layers,
    /// ``OCIImageManifest``); no file is read. With ``ignoreUnsignedFiles``, entries the
    /// signature does not list are tolerated. ``ignorePaths`` entries are left out of both sides.
    public func verify(manifest actual: Manifest, signatureAt signaturePath: String) async throws(ModelSigningError) -> VerificationResult {
        let bundle = try SignatureFile.bundle(at: signaturePath)
        let verified = try await verifiedPayload(of: bundle)
        var expected = try OMSStatement.manifest(fromPayload: verified.payload)
        var actual = actual
        let ignored = Set(ignorePaths)
        expected.resources.removeAll { ignored.contains($0.path) }
        actual.resources.removeAll { ignored.contains($0.path) }
        let mismatch = ModelVerifier.compare(expected: expected, actual: actual, tolerateExtra: ignoreUnsignedFiles)
        guard mismatch.isEmpty else { throw .modelMismatch(mismatch) }
        return VerificationResult(signedManifest: expected, verified: verified)
    }
}
