import ArgumentParser
import KeylessSigning
import ModelSigning

struct AttestSigstoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sigstore",
        abstract: "Attest a model card keylessly with Sigstore (OIDC identity, Fulcio certificate, Rekor).",
        discussion: """
            Takes the options of `sign sigstore`: the identity token, the instance (--use-staging, \
            --instance, --trust-config, --signing-config, --offline) and --rekor-version. The attestation is logged in \
            Rekor like a model signature and verified against the trusted root before it is \
            written. Verify it with `verify sigstore … --attestation FILE`, whose --identity and \
            --identity-provider apply to the attestation too.
            """
    )

    @OptionGroup var selection: ModelSelectionOptions
    @OptionGroup var hashing: ModelHashingOptions
    @OptionGroup var attestation: AttestationOptions
    @OptionGroup var keyless: ModelKeylessSigningOptions

    func run() async throws {
        let reporter = CommandReporter(operation: "Attestation", json: selection.json)
        do {
            let recorder = KeylessSignatureRecorder()
            let signer = try await keyless.signer(recorder: recorder)
            try await AttestRunner.attest(selection: selection, hashing: hashing, attestation: attestation,
                                          signer: signer, reporter: reporter, extraDetails: { recorder.details })
        } catch {
            throw ExitCode(reporter.fail(error))
        }
    }
}
