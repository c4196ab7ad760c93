import ArgumentParser
import ModelSigning

struct SignPKCS11CertificateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pkcs11-certificate",
        abstract: "Sign a model with an EC key on a PKCS #11 token and its X.509 certificate.",
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

    @Option(name: [.customLong("pkcs11-uri"), .customLong("pkcs11_uri")], help: "PKCS #11 URI of the private key.")
    var pkcs11URI: String

    @Option(name: [.customLong("signing-certificate"), .customLong("signing_certificate")],
            help: "PEM signing certificate (the leaf) of the token's key.")
    var signingCertificate: String

    @Option(name: [.customLong("certificate-chain"), .customLong("certificate_chain")], parsing: .singleValue,
            help: "PEM file of chain certificates to include after the leaf (may hold several). Repeatable.")
    var certificateChain: [String] = []

    @Option(name: .customLong("signature"), help: "Where to write the signature.")
    var signature = "model.sig"

    func run() async throws {
        let reporter = CommandReporter(operation: "Signing", json: selection.json)
        do {
            // A token that keeps no public-key object can still sign: the certificate holds the key.
            let certificateKey = try? CertificateLoader.certificate(contentsOf: signingCertificate).signingKey()
            let token = try await PKCS11SignatureProvider(uri: pkcs11URI, pinPrompt: { TerminalPrompt.secret($0) },
                                                          publicKey: certificateKey)
            var signer = try CertificateSigner(provider: token, signingCertificatePath: signingCertificate,
                                               certificateChainPaths: certificateChain)
            signer.timestampAuthorities = timestamping.authorities
            try await SignRunner.sign(selection: selection, hashing: hashing, signer: signer,
                                      signaturePath: signature, reporter: reporter, ociManifest: oci.ociManifest)
        } catch {
            throw ExitCode(reporter.fail(error))
        }
    }
}
