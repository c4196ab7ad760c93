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

    @Option(name: .customLong("signature"), help: "Where to write the signature.")
    var signature = "model.sig"

    func run() async throws {
        let reporter = CommandReporter(operation: "Signing", json: selection.json)
        do {
            var signer = try CertificateSigner(privateKeyPath: privateKey, password: password,
                                               signingCertificatePath: signingCertificate,
                                               certificateChainPaths: certificateChain)
            signer.timestampAuthorities = timestamping.authorities
            // An earlier signature is only reused when it was made with this certificate's key.
            let reuse = try resigning.reuseFrom.map { path in
                SignatureReuse(signatureAt: path, signer: signer, changed: try resigning.changedPaths())
            }
            try await SignRunner.sign(selection: selection, hashing: hashing, signer: signer,
                                      signaturePath: signature, reporter: reporter, reuse: reuse, ociManifest: oci.ociManifest)
        } catch {
            throw ExitCode(reporter.fail(error))
        }
    }
}
