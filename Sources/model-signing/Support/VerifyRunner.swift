import ArgumentParser
import ModelHashing
import ModelSigning
import Sigstore

/// The part of every `verify` subcommand that does not depend on the signing method.
enum VerifyRunner {
    /// - Parameter attestation: a model-card attestation to verify too, with the same verifier.
    /// - Parameter requireTimestamp: the signature must carry a verified RFC 3161 timestamp
    ///   (`--tsa-certificate-chain` was given).
    static func verify(selection: ModelSelectionOptions, verification: VerificationOptions,
                       verifier: any BundleVerifier, reporter: CommandReporter,
                       attestation: AttestationVerificationOptions? = nil, requireTimestamp: Bool = false) async throws {
        let attestationPath = attestation?.attestationPath(besideSignature: verification.signature)
        // An attestation inside the model is not part of what the model signature covers.
        let attestationInside = attestationPath.flatMap { PathResolution.modelRelative([$0], modelPath: selection.modelPath).first }
        let modelVerifier = ModelVerifier(verifier: verifier,
                                          ignorePaths: selection.resolvedIgnorePaths() + (attestationInside.map { [$0] } ?? []),
                                          ignoreGitPaths: selection.ignoreGitPaths,
                                          ignoreUnsignedFiles: verification.ignoreUnsignedFiles,
                                          symlinkRoots: verification.symlinkRoots, workers: selection.workers,
                                          readStrategy: selection.readStrategy)
        if verification.ociManifest || (verification.only.isEmpty && OCIImageManifest.isManifest(at: selection.modelPath)) {
            try await verifyOCIManifest(selection: selection, verification: verification, verifier: verifier, reporter: reporter,
                                        requireTimestamp: requireTimestamp)
            return
        }
        let only = try verification.onlyPaths()
        let progress = HashingProgress()
        let result: VerificationResult
        do {
            result = try await CommandReporter.withProgress(progress) {
                try await modelVerifier.verify(modelAt: selection.modelPath, signatureAt: verification.signature,
                                               only: only, progress: progress)
            }
        } catch let error as ModelSigningError {
            throw AttestRunner.explain(error, attestationInsideModel: attestationInside)
        }
        let timestampDetails = try timestampReport(result, required: requireTimestamp)
        var attested: VerifiedAttestation?
        if let attestation {
            attested = try await AttestRunner.verify(attestation, signaturePath: verification.signature, verifier: verifier,
                                                     model: result.signedManifest)
        }
        func details() -> [(String, JSONValue)] {
            var details: [(String, JSONValue)] = [
                ("model", .string(selection.modelPath)),
                ("signer", .string(result.signer)),
                ("digest", .string("sha256:" + Hex.encode(result.signedManifest.rootDigest))),
                ("resources", .integer(result.signedManifest.resources.count)),
            ] + timestampDetails
            if only != nil {
                details.append(("partial", .bool(true)))
                details.append(("unchecked", .array(result.uncheckedFiles.map { .string($0.string) })))
            }
            if let attested {
                details.append(("attestation", .string(attestationPath ?? "")))
                details.append(("attestation_signer", .string(attested.signer)))
                details.append(("model_card", ModelCardReport.json(attested.bom.facts)))
            }
            return details
        }
        reporter.succeed(details())
        if only != nil, !selection.json {
            print(PartialVerificationNote.text(for: result))
        }
        if let attested, !selection.json {
            print(ModelCardReport.text(attested))
        }
    }

    /// Compares the digests an OCI image manifest records with the signature; no blob is read.
    static func verifyOCIManifest(selection: ModelSelectionOptions, verification: VerificationOptions,
                                  verifier: any BundleVerifier, reporter: CommandReporter, requireTimestamp: Bool = false) async throws {
        let manifest = try OCIImageManifest(contentsOf: selection.modelPath)
            .manifest(modelName: OCIImageManifest.modelName(forManifestAt: selection.modelPath))
        let modelVerifier = ModelVerifier(verifier: verifier, ignorePaths: selection.ignorePaths.compactMap(ModelPath.init),
                                          ignoreUnsignedFiles: verification.ignoreUnsignedFiles)
        let result = try await modelVerifier.verify(manifest: manifest, signatureAt: verification.signature)
        let timestampDetails = try timestampReport(result, required: requireTimestamp)
        reporter.succeed([
            ("model", .string(selection.modelPath)),
            ("oci_manifest", .bool(true)),
            ("signer", .string(result.signer)),
            ("digest", .string("sha256:" + Hex.encode(result.signedManifest.rootDigest))),
            ("resources", .integer(result.signedManifest.resources.count)),
        ] + timestampDetails)
    }

    /// The `--json` fields for the signature's verified timestamps; fails when a timestamp
    /// was `required` and none verified, and notes on stderr timestamps left unchecked.
    static func timestampReport(_ result: VerificationResult, required: Bool) throws -> [(String, JSONValue)] {
        if required, result.timestamps.isEmpty {
            throw ModelSigningError.timestamp("timestamp authorities to trust were given (--tsa-certificate-chain, --trusted-root or --trust-config) but the signature carries no RFC 3161 timestamp")
        }
        if result.uncheckedTimestampCount > 0 {
            StandardError.write("Note: the signature carries \(result.uncheckedTimestampCount) RFC 3161 timestamp(s), not checked without --tsa-certificate-chain (or --trusted-root / --trust-config).\n")
        }
        guard !result.timestamps.isEmpty else { return [] }
        return [("timestamps", .array(result.timestamps.map { timestamp in
            .object(JSONObject([("time", .string(RFC3339.string(timestamp.time))), ("authority", .string(timestamp.authority))]))
        }))]
    }
}
