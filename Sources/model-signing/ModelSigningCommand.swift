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

    /// ArgumentParser's entry point, after making a file-size limit fail writes instead of
    /// killing the process (which would leave a partial temporary file behind).
    static func main() async {
        FileSizeLimitSignal.ignore()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
