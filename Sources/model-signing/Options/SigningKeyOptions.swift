import ArgumentParser
import ModelSigning

/// The EC private key of `sign key`, `attest key` and (with a certificate) `sign|attest certificate`.
struct PrivateKeyOptions: ParsableArguments {
    @Option(name: [.customLong("private-key"), .customLong("private_key")],
            help: "PEM private key (SEC1 or PKCS#8, possibly encrypted).")
    var privateKey: String

    @Option(name: .customLong("password"), help: "Password of an encrypted private key.")
    var password: String?

    /// The key, read and decrypted.
    func key() throws -> ECPrivateKey { try ECPrivateKey(contentsOf: privateKey, password: password) }
}

/// The signing certificate and the chain written after it (certificate and PKCS #11 certificate methods).
struct SigningCertificateOptions: ParsableArguments {
    @Option(name: [.customLong("signing-certificate"), .customLong("signing_certificate")],
            help: "PEM signing certificate (the leaf) of the signing key.")
    var signingCertificate: String

    @Option(name: [.customLong("certificate-chain"), .customLong("certificate_chain")], parsing: .singleValue,
            help: "PEM file of chain certificates to include after the leaf (may hold several). Repeatable.")
    var certificateChain: [String] = []

    /// A certificate signer around `provider` (a PKCS #11 token, an external command).
    func signer(provider: any SignatureProvider) throws -> CertificateSigner {
        try CertificateSigner(provider: provider, signingCertificatePath: signingCertificate, certificateChainPaths: certificateChain)
    }
}

/// `--private-key` with a certificate: `sign certificate` and `attest certificate`.
struct CertificateSigningOptions: ParsableArguments {
    @OptionGroup var key: PrivateKeyOptions
    @OptionGroup var certificate: SigningCertificateOptions

    /// The signer: the key must belong to the certificate.
    func signer() throws -> CertificateSigner {
        try CertificateSigner(privateKeyPath: key.privateKey, password: key.password,
                              signingCertificatePath: certificate.signingCertificate,
                              certificateChainPaths: certificate.certificateChain)
    }
}

/// `--pkcs11-uri`: the key on a PKCS #11 token (`sign|attest pkcs11-key|pkcs11-certificate`).
struct PKCS11KeyOptions: ParsableArguments {
    @Option(name: [.customLong("pkcs11-uri"), .customLong("pkcs11_uri")], help: "PKCS #11 URI of the private key.")
    var pkcs11URI: String

    /// Opens the token and finds the key; `publicKey` is used when the token keeps no public-key object.
    func provider(publicKey: SignerPublicKey? = nil) async throws -> PKCS11SignatureProvider {
        try await PKCS11SignatureProvider(uri: pkcs11URI, pinPrompt: { TerminalPrompt.secret($0) }, publicKey: publicKey)
    }

    /// A certificate signer for the token's key: a token that keeps no public-key object can
    /// still sign, since the certificate holds the key.
    func certificateSigner(_ certificate: SigningCertificateOptions) async throws -> CertificateSigner {
        let certificateKey = try? CertificateLoader.certificate(contentsOf: certificate.signingCertificate).signingKey()
        return try certificate.signer(provider: try await provider(publicKey: certificateKey))
    }
}
