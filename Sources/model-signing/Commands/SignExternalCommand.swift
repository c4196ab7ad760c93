import ArgumentParser
import ModelSigning

struct SignExternalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "external",
        abstract: "Sign a model with a command that signs (a KMS or HSM tool, a script…).",
        discussion: """
            The command is run with /bin/sh -c. It receives the bytes to sign on standard input \
            and must print the DER ECDSA signature over them (hashed with SHA-256 for a P-256 \
            key, SHA-384 for P-384, SHA-512 for P-521; for an RSA key the PKCS #1 v1.5 signature \
            over SHA-256) on standard output and exit with status 0, \
            as `openssl dgst -sha256 -sign key.pem` does. A non-zero exit (its standard error is \
            shown), no output, more than 64 KiB of output or no answer within --signer-timeout \
            seconds is an error. The signature is checked against the public key (--public-key, \
            or the key of --signing-certificate) before the signature file is written. With \
            --public-key the result is a key signature (`verify key`); with \
            --signing-certificate a certificate signature (`verify certificate`).
            """
    )

    @OptionGroup var selection: ModelSelectionOptions
    @OptionGroup var hashing: ModelHashingOptions
    @OptionGroup var oci: OCIManifestOptions
    @OptionGroup var timestamping: TimestampingOptions

    @Option(name: [.customLong("signer-command"), .customLong("signer_command")],
            help: "Shell command that reads the bytes to sign on stdin and prints a DER signature.")
    var signerCommand: String

    @Option(name: [.customLong("public-key"), .customLong("public_key")],
            help: "PEM public key of the command's signing key (key method).")
    var publicKey: String?

    @Option(name: [.customLong("signing-certificate"), .customLong("signing_certificate")],
            help: "PEM signing certificate of the command's key (certificate method).")
    var signingCertificate: String?

    @Option(name: [.customLong("certificate-chain"), .customLong("certificate_chain")], parsing: .singleValue,
            help: "PEM file of chain certificates to include after the leaf (may hold several). Repeatable.")
    var certificateChain: [String] = []

    @Option(name: .customLong("signer-timeout"), help: "Seconds the command may take (default 120).")
    var signerTimeout: Int = 120

    @Option(name: .customLong("signature"), help: "Where to write the signature.")
    var signature = "model.sig"

    func validate() throws {
        guard (publicKey == nil) != (signingCertificate == nil) else {
            throw ValidationError("give exactly one of --public-key and --signing-certificate")
        }
        if publicKey != nil, !certificateChain.isEmpty {
            throw ValidationError("--certificate-chain needs --signing-certificate")
        }
        guard (1...86_400).contains(signerTimeout) else {
            throw ValidationError("--signer-timeout must be between 1 and 86400 seconds")
        }
    }

    func run() async throws {
        let reporter = CommandReporter(operation: "Signing", json: selection.json)
        do {
            let signer: any BundleSigner
            if let signingCertificate {
                let key = try CertificateLoader.certificate(contentsOf: signingCertificate).signingKey()
                let provider = ExternalCommandSignatureProvider(command: signerCommand, publicKey: key,
                                                                timeout: .seconds(signerTimeout))
                var certificateSigner = try CertificateSigner(provider: provider, signingCertificatePath: signingCertificate,
                                                              certificateChainPaths: certificateChain)
                certificateSigner.timestampAuthorities = timestamping.authorities
                signer = certificateSigner
            } else if let publicKey {
                let key = try SignerPublicKey(contentsOf: publicKey)
                signer = KeySigner(provider: ExternalCommandSignatureProvider(command: signerCommand, publicKey: key,
                                                                              timeout: .seconds(signerTimeout)),
                                   timestampAuthorities: timestamping.authorities)
            } else {
                throw ValidationError("give --public-key or --signing-certificate")
            }
            try await SignRunner.sign(selection: selection, hashing: hashing, signer: signer,
                                      signaturePath: signature, reporter: reporter, ociManifest: oci.ociManifest)
        } catch {
            throw ExitCode(reporter.fail(error))
        }
    }
}
