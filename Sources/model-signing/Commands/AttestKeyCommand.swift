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

    @Option(name: [.customLong("private-key"), .customLong("private_key")],
            help: "PEM private key (SEC1 or PKCS#8, possibly encrypted).")
    var privateKey: String

    @Option(name: .customLong("password"), help: "Password of an encrypted private key.")
    var password: String?

    func run() async throws {
        let reporter = CommandReporter(operation: "Attestation", json: selection.json)
        do {
            let signer = KeySigner(privateKey: try ECPrivateKey(contentsOf: privateKey, password: password))
            try await AttestRunner.attest(selection: selection, hashing: hashing, attestation: attestation,
                                          signer: signer, reporter: reporter)
        } catch {
            throw ExitCode(reporter.fail(error))
        }
    }
}
