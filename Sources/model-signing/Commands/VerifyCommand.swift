import ArgumentParser

struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a model against its signature.",
        subcommands: [VerifySigstoreCommand.self, VerifyKeyCommand.self, VerifyCertificateCommand.self],
        defaultSubcommand: VerifySigstoreCommand.self
    )
}
