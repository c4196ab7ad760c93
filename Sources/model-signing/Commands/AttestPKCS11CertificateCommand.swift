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

    @OptionGroup var token: PKCS11KeyOptions
    @OptionGroup var certificate: SigningCertificateOptions

    func run() async throws {
        let reporter = CommandReporter(operation: "Attestation", json: selection.json)
        do {
            let signer = try await token.certificateSigner(certificate)
            try await AttestRunner.attest(selection: selection, hashing: hashing, attestation: attestation,
                                          signer: signer, reporter: reporter)
        } catch {
            throw ExitCode(reporter.fail(error))
        }
    }
}
