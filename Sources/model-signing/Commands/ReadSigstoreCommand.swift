import ArgumentParser

/// `model-signing read sigstore`: a verified read of a model signed keylessly with Sigstore.
struct ReadSigstoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sigstore",
        abstract: "Read bytes of a model signed with Sigstore, verified as verify sigstore does (identity, trusted root)."
    )

    @OptionGroup var read: ReadOptions
    @OptionGroup var sigstore: SigstoreVerificationOptions

    func run() async throws {
        try await ReadRunner.read(read) { (try await sigstore.verifier(), false) }
    }
}
