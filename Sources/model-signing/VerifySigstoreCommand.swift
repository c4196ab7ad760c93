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

    @Option(name: .customLong("identity"), help: "The expected identity of the signer (e.g. name@example.com).")
    var identity: String

    @Option(name: [.customLong("identity-provider"), .customLong("identity_provider")],
            help: "The expected OIDC issuer (e.g. https://accounts.example.com).")
    var identityProvider: String

    @Flag(name: [.customLong("use-staging"), .customLong("use_staging")], help: "Trust Sigstore's staging instance.")
    var useStaging = false

    @Option(name: [.customLong("trust-config"), .customLong("trust_config")],
            help: "A client trust configuration (ClientTrustConfig JSON) to trust instead of the public-good instance.")
    var trustConfig: String?

    @Option(name: .customLong("instance"), help: ArgumentHelp("A Sigstore instance's TUF repository URL (see trust-instance).", valueName: "URL"))
    var instance: String?

    @Flag(name: .customLong("offline"), help: "Never use the network for trust material (cache or embedded root only).")
    var offline = false

    func validate() throws {
        if instance != nil && (useStaging || trustConfig != nil) {
            throw ValidationError("--instance cannot be combined with --use-staging or --trust-config")
        }
    }

    func run() async throws {
        let reporter = CommandReporter(operation: "Verification", json: selection.json)
        do {
            let verifier: SigstoreModelVerifier
            if trustConfig != nil {
                verifier = try SigstoreModelVerifier(identity: identity, oidcIssuer: identityProvider,
                                                     useStaging: useStaging, trustConfig: trustConfig)
            } else {
                let root = try await TrustResolution.trustedRoot(instanceURL: instance, staging: useStaging, offline: offline)
                verifier = SigstoreModelVerifier(trustedRoot: root, policy: .identity(identity, issuer: identityProvider))
            }
            // The same verifier, so --identity and --identity-provider bind the attestation too.
            try await VerifyRunner.verify(selection: selection, verification: verification, verifier: verifier,
                                          reporter: reporter, attestation: attestation)
        } catch {
            throw ExitCode(reporter.fail(error))
        }
    }
}
