import ArgumentParser

/// `model-signing read`: a verified read of one signed file or byte range, as a loader would do
/// it through `SignedModel`. Also what `bench/loadtime` times.
struct ReadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read",
        abstract: "Read bytes of a signed file, verified against the signature.",
        discussion: """
            Checks the signature, then reads --path (whole, or --offset/--length) and hashes only \
            what that read needs: the shards the range touches with a shard signature, the whole \
            file otherwise. Other files are not checked. Prints how many verified bytes were read \
            and how many were hashed; --output writes the verified bytes to a file. The \
            subcommands take the trust options of the matching verify subcommand; without one, \
            `key` is used.
            """,
        subcommands: [ReadKeyCommand.self, ReadCertificateCommand.self, ReadSigstoreCommand.self],
        defaultSubcommand: ReadKeyCommand.self
    )
}
