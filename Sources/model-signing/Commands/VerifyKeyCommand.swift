import ArgumentParser
import ModelHashing
import ModelSigning
import Sigstore

/// Options every `verify` subcommand shares.
struct VerificationOptions: ParsableArguments {
    @Option(name: .customLong("signature"), help: "The signature file to verify.")
    var signature: String

    @Flag(name: [.customLong("ignore-unsigned-files"), .customLong("ignore_unsigned_files")],
          help: "Check only the files the signature lists; tolerate other files.")
    var ignoreUnsignedFiles = false

    @Flag(name: [.customLong("allow-symlinks"), .customLong("allow_symlinks")],
          help: "Accepted for compatibility; the symbolic-link policy recorded in the signature is used.")
    var allowSymlinks = false

    @Option(name: .customLong("symlink-root"), parsing: .singleValue,
            help: ArgumentHelp("A directory symbolic links may also point into, such as a Hugging Face cache's blobs folder (only when the signature allows symbolic links; links anywhere else are still refused). Repeatable.",
                               valueName: "dir"))
    var symlinkRoots: [String] = []

    @Option(name: .customLong("only"), parsing: .singleValue,
            help: ArgumentHelp("Check the signature and only this signed file, or the signed files under this directory, named as in the signature (relative to the model). Repeatable. The other signed files are not read and are reported as not checked.",
                               valueName: "path"))
    var only: [String] = []

    @Flag(name: .customLong("oci-manifest"),
          help: "Treat MODEL as an OCI image manifest JSON file and compare its config and layer digests with the signature (detected without the flag for a .json file with schemaVersion 2 and layers).")
    var ociManifest = false

    func validate() throws {
        if ociManifest, !only.isEmpty { throw ValidationError("--only cannot be used with --oci-manifest") }
        if !only.isEmpty, ignoreUnsignedFiles {
            throw ValidationError("--only and --ignore-unsigned-files cannot be combined (--only already ignores other files)")
        }
        _ = try onlyPaths()
    }

    /// The `--only` paths, or nil for a full verification.
    func onlyPaths() throws -> [ModelPath]? {
        guard !only.isEmpty else { return nil }
        return try only.map { text in
            guard let path = ModelPath(text) else {
                throw ValidationError("--only \(text): expected a path relative to the model, as recorded in the signature")
            }
            return path
        }
    }
}

struct VerifyKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Verify a model signed with an EC or RSA private key."
    )

    @OptionGroup var selection: ModelSelectionOptions
    @OptionGroup var verification: VerificationOptions

    @OptionGroup var attestation: AttestationVerificationOptions
    @OptionGroup var timestamps: TimestampVerificationOptions

    @Option(name: [.customLong("public-key"), .customLong("public_key")], help: "PEM public key (ECDSA P-256/P-384/P-521, or RSA of at least 2048 bits).")
    var publicKey: String

    func run() async throws {
        let reporter = CommandReporter(operation: "Verification", json: selection.json)
        do {
            let key = try SignerPublicKey(contentsOf: publicKey)
            let authorities = try timestamps.authorities()
            try await VerifyRunner.verify(selection: selection, verification: verification,
                                          verifier: KeyVerifier(publicKey: key, timestampAuthorities: authorities), reporter: reporter,
                                          attestation: attestation, requireTimestamp: !authorities.isEmpty)
        } catch {
            throw ExitCode(reporter.fail(error))
        }
    }
}

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
