import ArgumentParser
import ModelSigning

/// `model-signing verify key`: verify a model signed with an EC private key.
struct VerifyKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Verify a model signed with an EC or RSA private key."
    )

    @OptionGroup var selection: ModelSelectionOptions
    @OptionGroup var verification: VerificationOptions

    @OptionGroup var attestation: AttestationVerificationOptions
    @OptionGroup var timestamps: TimestampVerificationOptions

    @OptionGroup var key: PublicKeyVerificationOptions

    func run() async throws {
        let reporter = CommandReporter(operation: "Verification", json: selection.json)
        do {
            let authorities = try timestamps.authorities()
            try await VerifyRunner.verify(selection: selection, verification: verification,
                                          verifier: try key.verifier(timestampAuthorities: authorities), reporter: reporter,
                                          attestation: attestation, requireTimestamp: !authorities.isEmpty)
        } catch {
            throw ExitCode(reporter.fail(error))
        }
    }
}
