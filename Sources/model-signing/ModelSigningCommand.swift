import ArgumentParser

/// `model-signing`: sign and verify machine-learning models (OpenSSF Model Signing), a drop-in
/// for the reference `model_signing` CLI.
@main
struct ModelSigningCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model-signing",
        abstract: "Sign and verify machine-learning models (OpenSSF Model Signing v1.0).",
        discussion: """
            Signatures are Sigstore bundles compatible with the reference implementation \
            (model_signing). Use each subcommand's --help for details.
            """,
        version: ToolVersion.current,
        subcommands: [SignCommand.self, VerifyCommand.self, AttestCommand.self, VerifyBundleCommand.self, SignBundleCommand.self,
                      DigestCommand.self, ReadCommand.self, TrustInstanceCommand.self, TrustCommand.self]
    )
}
