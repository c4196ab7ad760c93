import ArgumentParser

/// `--identity` and `--identity-provider` (also `--identity_provider`): the signer a Sigstore
/// (keyless) signature must name, for `verify sigstore` and `read sigstore`.
struct SigstoreIdentityOptions: ParsableArguments {
    @Option(name: .customLong("identity"), help: "The expected identity of the signer (e.g. name@example.com).")
    var identity: String

    @Option(name: [.customLong("identity-provider"), .customLong("identity_provider")],
            help: "The expected OIDC issuer (e.g. https://accounts.example.com).")
    var identityProvider: String
}
