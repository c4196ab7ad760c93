import ArgumentParser

struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a model against its signature.",
        subcommands: [VerifyKeyCommand.self]
    )
}
