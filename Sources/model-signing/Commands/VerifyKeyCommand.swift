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
}

struct VerifyKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Verify a model signed with an EC private key."
    )

    @OptionGroup var selection: ModelSelectionOptions
    @OptionGroup var verification: VerificationOptions

    @Option(name: [.customLong("public-key"), .customLong("public_key")], help: "PEM public key.")
    var publicKey: String

    func run() async throws {
        let reporter = CommandReporter(operation: "Verification", json: selection.json)
        do {
            let key = try ECPublicKey(contentsOf: publicKey)
            try await VerifyRunner.verify(selection: selection, verification: verification,
                                          verifier: KeyVerifier(publicKey: key), reporter: reporter)
        } catch {
            throw ExitCode(reporter.fail(error))
        }
    }
}

/// The part of every `verify` subcommand that does not depend on the signing method.
enum VerifyRunner {
    static func verify(selection: ModelSelectionOptions, verification: VerificationOptions,
                       verifier: any BundleVerifier, reporter: CommandReporter) async throws {
        let modelVerifier = ModelVerifier(verifier: verifier, ignorePaths: selection.resolvedIgnorePaths(),
                                          ignoreGitPaths: selection.ignoreGitPaths,
                                          ignoreUnsignedFiles: verification.ignoreUnsignedFiles,
                                          workers: selection.workers)
        let progress = HashingProgress()
        let result = try await CommandReporter.withProgress(progress) {
            try await modelVerifier.verify(modelAt: selection.modelPath, signatureAt: verification.signature,
                                           progress: progress)
        }
        reporter.succeed([
            ("model", .string(selection.modelPath)),
            ("signer", .string(result.signer)),
            ("digest", .string("sha256:" + Hex.encode(result.signedManifest.rootDigest))),
            ("resources", .integer(result.signedManifest.resources.count)),
        ])
    }
}
