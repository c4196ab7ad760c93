import ArgumentParser
import Foundation
import KeylessSigning
import ModelSigning
import Sigstore

/// `model-signing sign-bundle FILE --bundle OUT`: keyless signing of any artifact (the
/// sigstore-conformance client protocol).
struct SignBundleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign-bundle",
        abstract: "Sign any file keylessly with Sigstore and write a Sigstore bundle.",
        discussion: """
            Without --in-toto the bundle holds a message signature over the file (logged as \
            hashedrekord); with --in-toto FILE is an in-toto statement signed in a DSSE envelope. \
            Trust material: --trust-config, or --trusted-root with --signing-config; else the TUF \
            cache of --instance URL, --staging or the public-good instance (updated online first \
            when not fresh, unless --offline) fills in what was not given.
            """
    )

    @Argument(help: "The file to sign.")
    var file: String

    @Option(name: .customLong("bundle"), help: "Where to write the bundle.")
    var bundle: String

    @Flag(name: .customLong("in-toto"), help: "FILE is an in-toto statement to sign as a DSSE envelope.")
    var inToto = false

    @Option(name: [.customLong("trusted-root"), .customLong("trusted_root")], help: "A trusted root (TrustedRoot JSON).")
    var trustedRoot: String?

    @Flag(name: [.customLong("staging"), .customLong("use-staging")], help: "Use Sigstore's staging instance.")
    var staging = false

    @OptionGroup var keyless: KeylessSigningOptions

    @Flag(name: .customLong("json"), help: "Print a machine-readable result on stdout.")
    var json = false

    func validate() throws {
        if trustedRoot != nil && keyless.trustConfig != nil { throw ValidationError("--trusted-root and --trust-config cannot be combined") }
        if staging && (keyless.trustConfig != nil || trustedRoot != nil) {
            throw ValidationError("--staging cannot be combined with --trust-config or --trusted-root")
        }
        if keyless.instance != nil && (staging || trustedRoot != nil) {
            throw ValidationError("--instance cannot be combined with --staging or --trusted-root")
        }
    }

    func run() async throws {
        let reporter = CommandReporter(operation: "Signing", json: json)
        do {
            let recorder = KeylessSignatureRecorder()
            let signer = try await keyless.signer(staging: staging, trustedRootPath: trustedRoot, recorder: recorder)
            let contents: [UInt8]
            do {
                contents = Array(try Data(contentsOf: URL(fileURLWithPath: file), options: .alwaysMapped))
            } catch {
                throw ModelSigningError.io(path: file, reason: "cannot read: \(error.localizedDescription)")
            }
            let signature = inToto ? try await signer.sign(dssePayload: contents) : try await signer.sign(artifact: contents)
            try SignatureFile.replace(bundle, with: signature.bundle.serialized())
            reporter.succeed([("bundle", .string(bundle))] + recorder.details)
        } catch {
            throw ExitCode(reporter.fail(error))
        }
    }
}
