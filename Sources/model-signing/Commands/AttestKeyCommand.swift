import ArgumentParser
import ModelSigning

struct AttestKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Attest a model card with an EC private key (P-256, P-384 or P-521)."
    )

    @OptionGroup var selection: ModelSelectionOptions
    @OptionGroup var hashing: ModelHashingOptions
    @OptionGroup var attestation: AttestationOptions

    @OptionGroup var key: PrivateKeyOptions

    func run() async throws {
        let reporter = CommandReporter(operation: "Attestation", json: selection.json)
        do {
            let signer = KeySigner(privateKey: try key.key())
            try await AttestRunner.attest(selection: selection, hashing: hashing, attestation: attestation,
                                          signer: signer, reporter: reporter)
        } catch {
            throw ExitCode(reporter.fail(error))
        }
    }
}
