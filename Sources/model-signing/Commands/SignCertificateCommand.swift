import ArgumentParser
import ModelSigning

struct SignCertificateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certificate",
        abstract: "Sign a model with an EC private key and its X.509 certificate.",
        discussion: """
            The signature carries the signing certificate followed by the --certificate-chain \
            certificates in the order given, so that verifiers can build the chain to their \
            trusted CA. The key must belong to the certificate, and the certificate must be \
            valid now and allow signing (KeyUsage digitalSignature or ExtendedKeyUsage \
            codeSigning).
            """
    )

    @OptionGroup var selection: ModelSelectionOptions
    @OptionGroup var hashing: ModelHashingOptions
    @OptionGroup var oci: OCIManifestOptions
    @OptionGroup var timestamping: TimestampingOptions
    @OptionGroup var resigning: ResigningOptions

    @OptionGroup var credentials: CertificateSigningOptions

    @Option(name: .customLong("signature"), help: "Where to write the signature.")
    var signature = "model.sig"

    func run() async throws {
        let reporter = CommandReporter(operation: "Signing", json: selection.json)
        do {
            var signer = try credentials.signer()
            signer.timestampAuthorities = timestamping.authorities
            try await SignRunner.sign(selection: selection, hashing: hashing, signer: signer, signaturePath: signature,
                                      reporter: reporter, reuse: try resigning.reuse(signer: signer), ociManifest: oci.ociManifest)
        } catch {
            throw ExitCode(reporter.fail(error))
        }
    }
}
