import ArgumentParser
import ModelSigning

struct AttestCertificateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certificate",
        abstract: "Attest a model card with an EC private key and its X.509 certificate."
    )

    @OptionGroup var selection: ModelSelectionOptions
    @OptionGroup var hashing: ModelHashingOptions
    @OptionGroup var attestation: AttestationOptions

    @Option(name: [.customLong("private-key"), .customLong("private_key")],
            help: "PEM private key (SEC1 or PKCS#8, possibly encrypted) of the signing certificate.")
    var privateKey: String

    @Option(name: .customLong("password"), help: "Password of an encrypted private key.")
    var password: String?

    @Option(name: [.customLong("signing-certificate"), .customLong("signing_certificate")],
            help: "PEM signing certificate (the leaf).")
    var signingCertificate: String

    @Option(name: [.customLong("certificate-chain"), .customLong("certificate_chain")], parsing: .singleValue,
            help: "PEM file of chain certificates to include after the leaf (may hold several). Repeatable.")
    var certificateChain: [String] = []

    func run() async throws {
        let reporter = CommandReporter(operation: "Attestation", json: selection.json)
        do {
            let signer = try CertificateSigner(privateKeyPath: privateKey, password: password,
                                               signingCertificatePath: signingCertificate,
                                               certificateChainPaths: certificateChain)
            try await AttestRunner.attest(selection: selection, hashing: hashing, attestation: attestation,
                                          signer: signer, reporter: reporter)
        } catch {
            throw ExitCode(reporter.fail(error))
        }
    }
}
