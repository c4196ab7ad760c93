import ArgumentParser
import ModelSigning
import Sigstore

/// `model-signing verify sigstore`: verify a model signed keylessly with Sigstore, offline.
struct VerifySigstoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sigstore",
        abstract: "Verify a model signed with Sigstore (keyless; the default method).",
        discussion: """
            The signing certificate must chain to a Fulcio CA of the trusted root at the time the \
            signature was logged or timestamped, its identity (email, URI or other SAN) must equal \
            --identity and its OIDC issuer --identity-provider. Works offline with the bundled \
            public-good trusted root; --use-staging selects the staging root and --trust-config a \
            client trust configuration (ClientTrustConfig JSON). A TUF cache made by \
            `model-signing trust update` is used when it is fresh; --instance URL names a \
            (private) instance trusted with `trust-instance` and updates its cache online first \
            (short timeout), unless --offline. With --attestation, a model-card attestation \
            (attest sigstore) is verified with the same trust and identity.
            """
    )

    @OptionGroup var selection: ModelSelectionOptions
    @OptionGroup var verification: VerificationOptions
    @OptionGroup var attestation: AttestationVerificationOptions

    @OptionGroup var sigstore: SigstoreVerificationOptions

    func run() async throws {
        let reporter = CommandReporter(operation: "Verification", json: selection.json)
        do {
            // The same verifier, so --identity and --identity-provider bind the attestation too.
            let verifier = try await sigstore.verifier()
            try await VerifyRunner.verify(selection: selection, verification: verification, verifier: verifier,
                                          reporter: reporter, attestation: attestation)
        } catch {
            throw ExitCode(reporter.fail(error))
        }
    }
}
