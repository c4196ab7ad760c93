import ArgumentParser
import ModelSigning

struct SignPKCS11CertificateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pkcs11-certificate",
        abstract: "Sign a model with an EC or RSA key on a PKCS #11 token and its X.509 certificate.",
        discussion: """
            The key is named by an RFC 7512 URI as for `sign pkcs11-key`. The signature carries \
            the signing certificate followed by the --certificate-chain certificates; the \
            token's key must belong to the certificate, which must be valid now and allow \
            signing. Verify with `verify certificate`.
            """
    )

    @OptionGroup var selection: ModelSelectionOptions
    @OptionGroup var hashing: ModelHashingOptions
    @OptionGroup var oci: OCIManifestOptions
    @OptionGroup var timestamping: TimestampingOptions

    @OptionGroup var token: PKCS11KeyOptions
    @OptionGroup var certificate: SigningCertificateOptions

    @Option(name: .customLong("signature"), help: "Where to write the signature.")
    var signature = "model.sig"

    func run() async throws {
        let reporter = CommandReporter(operation: "Signing", json: selection.json)
        do {
            var signer = try await token.certificateSigner(certificate)
            signer.timestampAuthorities = timestamping.authorities
            try await SignRunner.sign(selection: selection, hashing: hashing, signer: signer,
                                      signaturePath: signature, reporter: reporter, ociManifest: oci.ociManifest)
        } catch {
            throw ExitCode(reporter.fail(error))
        }
    }
}
