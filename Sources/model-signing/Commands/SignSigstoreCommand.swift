import ArgumentParser
import KeylessSigning
import ModelSigning

struct SignSigstoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sigstore",
        abstract: "Sign a model keylessly with Sigstore (the default method).",
        discussion: """
            An OIDC identity token (--identity-token, ambient CI credentials, or an interactive \
            sign-in in the browser) buys a short-lived Fulcio certificate for an ephemeral key; the \
            signature is timestamped and logged in Rekor (v1 or v2, per the signing config or \
            --rekor-version). The certificate and the finished bundle are verified against the \
            trusted root before the signature file is written; nothing is written on failure. \
            Trust material: --trust-config (or --signing-config with the instance's trusted root); \
            else the TUF cache of --instance URL (trusted with `trust-instance`), --use-staging or \
            the public-good instance: its trusted_root.json and signing_config.v0.2.json, updated \
            online first when the cache is not fresh (unless --offline).
            """
    )

    @OptionGroup var selection: ModelSelectionOptions
    @OptionGroup var hashing: ModelHashingOptions
    @OptionGroup var keyless: ModelKeylessSigningOptions

    @Option(name: .customLong("signature"), help: "Where to write the signature.")
    var signature = "model.sig"

    func run() async throws {
        let reporter = CommandReporter(operation: "Signing", json: selection.json)
        do {
            let recorder = KeylessSignatureRecorder()
            let signer = try await keyless.signer(recorder: recorder)
            try await SignRunner.sign(selection: selection, hashing: hashing, signer: signer, signaturePath: signature,
                                      reporter: reporter, extraDetails: { recorder.details })
        } catch {
            throw ExitCode(reporter.fail(error))
        }
    }
}
