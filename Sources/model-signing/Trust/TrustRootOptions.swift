import ArgumentParser

/// Which trusted root a verification uses: `--use-staging` (also `--use_staging`, `--staging`),
/// `--trust-config F` (also `--trust_config`), `--instance URL` and `--offline`. Shared by
/// `verify sigstore` and `verify-bundle`, resolved by ``TrustResolution/trustedRoot(_:trustedRootFile:)``.
struct TrustRootOptions: ParsableArguments {
    @Flag(name: [.customLong("use-staging"), .customLong("use_staging"), .customLong("staging")],
          help: "Trust Sigstore's staging instance.")
    var staging = false

    @Option(name: [.customLong("trust-config"), .customLong("trust_config")],
            help: "A client trust configuration (ClientTrustConfig JSON) to trust instead of the public-good instance.")
    var trustConfig: String?

    @Option(name: .customLong("instance"), help: ArgumentHelp("A Sigstore instance's TUF repository URL (see trust-instance).", valueName: "URL"))
    var instance: String?

    @Flag(name: .customLong("offline"), help: "Never use the network for trust material (cache or embedded root only).")
    var offline = false
}
