import ArgumentParser
import ModelHashing
import ModelSigning
import Sigstore

struct SignKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Sign a model with an EC private key (P-256, P-384 or P-521)."
    )

    @OptionGroup var selection: ModelSelectionOptions
    @OptionGroup var hashing: ModelHashingOptions
    @OptionGroup var oci: OCIManifestOptions
    @OptionGroup var timestamping: TimestampingOptions
    @OptionGroup var resigning: ResigningOptions

    @OptionGroup var key: PrivateKeyOptions

    @Option(name: .customLong("signature"), help: "Where to write the signature.")
    var signature = "model.sig"

    func run() async throws {
        let reporter = CommandReporter(operation: "Signing", json: selection.json)
        do {
            let signer = KeySigner(privateKey: try key.key(),
                                   timestampAuthorities: timestamping.authorities)
            try await SignRunner.sign(selection: selection, hashing: hashing, signer: signer, signaturePath: signature,
                                      reporter: reporter, reuse: try resigning.reuse(signer: signer), ociManifest: oci.ociManifest)
        } catch {
            throw ExitCode(reporter.fail(error))
        }
    }
}

/// The part of every `sign` subcommand that does not depend on the signing method.
enum SignRunner {
    /// - Parameter reuse: an earlier signature to reuse unchanged files' digests from
    ///   (`--reuse-from`); its verifier must check it was made by the same signer.
    /// - Parameter ociManifest: the model path is an OCI image manifest (`--oci-manifest`).
    /// - Parameter extraDetails: further `--json` fields, read once signing succeeded.
    static func sign(selection: ModelSelectionOptions, hashing: ModelHashingOptions, signer: any BundleSigner,
                     signaturePath: String, reporter: CommandReporter, reuse: SignatureReuse? = nil,
                     ociManifest: Bool = false, extraDetails: () -> [(String, JSONValue)] = { [] }) async throws {
        if ociManifest {
            guard reuse == nil else { throw ValidationError("--reuse-from cannot be used with --oci-manifest") }
            try await signOCIManifest(selection: selection, signer: signer, signaturePath: signaturePath, reporter: reporter)
            return
        }
        let modelSigner = ModelSigner(signer: signer, hasher: try hasher(selection: selection, hashing: hashing))
        let progress = HashingProgress()
        var report: ResigningReport?
        let bundle = try await CommandReporter.withProgress(progress) {
            if let reuse {
                let result = try await modelSigner.sign(modelAt: selection.modelPath, signatureAt: signaturePath,
                                                        reusing: reuse, progress: progress)
                report = result
                return result.bundle
            }
            return try await modelSigner.sign(modelAt: selection.modelPath, signatureAt: signaturePath, progress: progress)
        }
        var details: [(String, JSONValue)] = [("model", .string(selection.modelPath)), ("signature", .string(signaturePath))]
        if reporter.json, let payload = bundle.dsseEnvelope?.payload, let manifest = try? OMSStatement.manifest(fromPayload: payload) {
            details.append(("digest", .string("sha256:" + Hex.encode(manifest.rootDigest))))
            details.append(("resources", .integer(manifest.resources.count)))
        }
        if let report {
            details.append(("hashed_files", .integer(report.hashedFiles.count)))
            details.append(("reused_files", .integer(report.reusedFiles.count)))
            details.append(("bytes_hashed", .integer(report.bytesHashed)))
        }
        reporter.succeed(details + extraDetails())
        if let report, !selection.json {
            print("Re-signed: hashed \(report.hashedFiles.count) file(s) (\(ByteCount.format(report.bytesHashed))), "
                  + "reused the signed digests of \(report.reusedFiles.count)")
        }
    }

    /// The hasher the options describe. Git paths, the signature file and the BLAKE3-shard
    /// refusal are the library's rules (`ModelSigner.applyingSignatureRules`), shared with every
    /// other signer.
    static func hasher(selection: ModelSelectionOptions, hashing: ModelHashingOptions) throws -> ModelHasher {
        let serialization = try hashing.serialization(ignorePaths: selection.resolvedIgnorePaths())
        return ModelHasher(serialization: serialization, ignoreGitPaths: selection.ignoreGitPaths,
                           symlinkRoots: hashing.symlinkRoots, workers: selection.workers,
                           readStrategy: selection.readStrategy)
    }

    /// Signs the digests an OCI image manifest records; nothing else is read.
    static func signOCIManifest(selection: ModelSelectionOptions, signer: any BundleSigner, signaturePath: String,
                                reporter: CommandReporter) async throws {
        let manifest = try OCIImageManifest(contentsOf: selection.modelPath)
            .manifest(modelName: OCIImageManifest.modelName(forManifestAt: selection.modelPath), ignoring: selection.ignorePaths)
        let bundle = try await ModelSigner(signer: signer).sign(manifest: manifest, signatureAt: signaturePath)
        var details: [(String, JSONValue)] = [("model", .string(selection.modelPath)), ("signature", .string(signaturePath)),
                                              ("oci_manifest", .bool(true))]
        if reporter.json, let payload = bundle.dsseEnvelope?.payload, let signed = try? OMSStatement.manifest(fromPayload: payload) {
            details.append(("digest", .string("sha256:" + Hex.encode(signed.rootDigest))))
            details.append(("resources", .integer(signed.resources.count)))
        }
        reporter.succeed(details)
    }
}
