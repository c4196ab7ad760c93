import ArgumentParser
import ModelSigning

struct AttestPKCS11CertificateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pkcs11-certificate",
        abstract: "Attest a model card with an EC key on a PKCS #11 token and its X.509 certificate.",
        discussion: """
            The key is named by an RFC 7512 URI as for `sign pkcs11-key`; the attestation carries \
            the signing certificate followed by the --certificate-chain certificates. Verify with \
            `verify certificate … --attestation FILE`.
            """
    )

    @OptionGroup var selection: ModelSelectionOptions
    @OptionGroup var hashing: ModelHashingOptions
    @OptionGroup var attestation: AttestationOptions

    @Option(name: [.customLong("pkcs11-uri"), .customLong("pkcs11_uri")], help: "PKCS #11 URI of the private key.")
    var pkcs11URI: String

    @Option(name: [.customLong("signing-certificate"), .customLong("signing_certificate")],
            help: "PEM signing certificate (the leaf) of the token's key.")
    var signingCertificate: String

    @Option(name: [.customLong("certificate-chain"), .customLong("certificate_chain")], parsing: .singleValue,
            help: "PEM file of chain certificates to include after the leaf (may hold several). Repeatable.")
    var certificateChain: [String] = []

    func run() async throws {
        let reporter = CommandReporter(operation: "Attestation", json: selection.json)
        do {
            // As for `sign pkcs11-certificate`: the certificate holds the key when the token keeps no public-key object.
            let certificateKey = try? CertificateLoader.certificate(contentsOf: signingCertificate).signingKey()
            let token = try await PKCS11SignatureProvider(uri: pkcs11URI, pinPrompt: { TerminalPrompt.secret($0) },
                                                          publicKey: certificateKey)
            let signer = try CertificateSigner(provider: token, signingCertificatePath: signingCertificate,
                                               certificateChainPaths: certificateChain)
            try await AttestRunner.attest(selection: selection, hashing: hashing, attestation: attestation,
                                          signer: signer, reporter: reporter)
        } catch {
            throw ExitCode(reporter.fail(error))
        }
    }
}
