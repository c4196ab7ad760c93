import ArgumentParser

/// `model-signing read key` (also plain `read`): a verified read of a model signed with an EC key.
struct ReadKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Read bytes of a model signed with an EC private key, verified (the default of read)."
    )

    @OptionGroup var read: ReadOptions
    @OptionGroup var timestamps: TimestampVerificationOptions
    @OptionGroup var key: PublicKeyVerificationOptions

    func run() async throws {
        try await ReadRunner.read(read) {
            let authorities = try timestamps.authorities()
            return (try key.verifier(timestampAuthorities: authorities), !authorities.isEmpty)
        }
    }
}
