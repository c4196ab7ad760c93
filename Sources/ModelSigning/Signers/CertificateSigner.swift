import Foundation
import Sigstore
import X509

/// Signs with an EC or RSA key (through a ``SignatureProvider``) and its X.509 certificate (certificate method). The bundle
/// carries the signing certificate first, then the chain certificates in the order given.
///
/// Creating the signer checks that the key belongs to the certificate, that the certificate
/// is valid at the signing time and that it allows signing (KeyUsage digitalSignature or
/// ExtendedKeyUsage codeSigning), so that no unverifiable signature is written.
///
/// ```swift
/// let signer = try CertificateSigner(privateKeyPath: "leaf-key.pem", signingCertificatePath: "leaf.pem",
///                                    certificateChainPaths: ["intermediate.pem"])
/// try await ModelSigner(signer: signer).sign(modelAt: "model", signatureAt: "model.sig")
/// ```
public struct CertificateSigner: BundleSigner {
    /// Makes the signatures (an in-memory key, a token, an external command…).
    public let provider: any SignatureProvider
    /// The leaf certificate placed first in the bundle's chain.
    public let signingCertificate: Certificate
    /// Intermediates (and optionally the root) that let verifiers build the chain.
    public let certificateChain: [Certificate]
    /// Authorities asked, in order, for an RFC 3161 timestamp over the signature (see
    /// ``KeySigner/timestampAuthorities``); each timestamp must fall inside the signing
    /// certificate's validity. A verified timestamp lets the signature verify after the
    /// certificate expires.
    public var timestampAuthorities: [any TimestampAuthority] = []
    let encodedChain: [[UInt8]]

    /// A signer after checking that `privateKey` belongs to `signingCertificate` and that the
    /// certificate allows signing and is valid at `signingTime`.
    ///
    /// - Parameters:
    ///   - privateKey: the key that signs.
    ///   - signingCertificate: the leaf certificate of `privateKey`.
    ///   - certificateChain: intermediates (and optionally the root), in order.
    ///   - signingTime: the time the certificate must be valid at (now by default).
    public init(privateKey: ECPrivateKey, signingCertificate: Certificate, certificateChain: [Certificate] = [],
                signingTime: Date = Date()) throws(ModelSigningError) {
        try self.init(provider: privateKey, signingCertificate: signingCertificate, certificateChain: certificateChain,
                      signingTime: signingTime)
    }

    /// Signs through `provider`, whose public key must be the certificate's.
    /// - Parameters:
    ///   - provider: makes the signatures.
    ///   - signingCertificate: the leaf certificate placed first in the bundle's chain.
    ///   - certificateChain: intermediates (and optionally the root) that let verifiers build the chain.
    ///   - signingTime: the time the certificate must be valid at (now by default).
    public init(provider: any SignatureProvider, signingCertificate: Certificate, certificateChain: [Certificate] = [],
                signingTime: Date = Date()) throws(ModelSigningError) {
        let certificateKey = try signingCertificate.signingKey()
        guard certificateKey.subjectPublicKeyInfo == provider.signerPublicKey.subjectPublicKeyInfo else {
            throw .certificate("the private key does not match the signing certificate \(signingCertificate.summary): the certificate holds a different \(certificateKey.algorithmName) public key than the \(provider.signerPublicKey.algorithmName) private key")
        }
        try signingCertificate.checkValidity(at: signingTime, role: "the signing certificate")
        try signingCertificate.checkSigningUsage()
        var encoded = [try signingCertificate.derBytes]
        for certificate in certificateChain { encoded.append(try certificate.derBytes) }
        guard encoded.count <= CertificateChainVerifier.maximumChainLength else {
            throw .certificate("at most \(CertificateChainVerifier.maximumChainLength - 1) chain certificates can be included, \(certificateChain.count) were given")
        }
        self.provider = provider
        self.signingCertificate = signingCertificate
        self.certificateChain = certificateChain
        self.encodedChain = encoded
    }

    /// Reads the key and certificates from PEM files (see ``CertificateLoader``); each chain
    /// file may hold several certificates.
    public init(privateKeyPath: String, password: String? = nil, signingCertificatePath: String,
                certificateChainPaths: [String] = [], signingTime: Date = Date()) throws(ModelSigningError) {
        let key = try ECPrivateKey(contentsOf: privateKeyPath, password: password)
        try self.init(provider: key, signingCertificatePath: signingCertificatePath,
                      certificateChainPaths: certificateChainPaths, signingTime: signingTime)
    }

    /// Signs through `provider` with the certificates read from PEM files (see
    /// ``CertificateLoader``); each chain file may hold several certificates.
    public init(provider: any SignatureProvider, signingCertificatePath: String,
                certificateChainPaths: [String] = [], signingTime: Date = Date()) throws(ModelSigningError) {
        let certificate = try CertificateLoader.certificate(contentsOf: signingCertificatePath)
        let chain = try CertificateLoader.certificates(contentsOf: certificateChainPaths)
        do {
            try self.init(provider: provider, signingCertificate: certificate, certificateChain: chain, signingTime: signingTime)
        } catch {
            if error.code.isCertificateFailure {
                throw ModelSigningError(error.code, "\(signingCertificatePath): \(error.reason)", underlying: error.underlying)
            }
            throw error
        }
    }

    public func bundle(signing payload: [UInt8]) async throws(ModelSigningError) -> SigstoreBundle {
        let envelope = try await DSSEEnvelope.signed(payload: payload, by: provider)
        let timestamps = try await SignatureTimestamping.timestamps(over: envelope.signatures[0].signature, from: timestampAuthorities,
                                                                    signingCertificate: signingCertificate)
        let material = VerificationMaterial(signer: .x509CertificateChain(encodedChain), rfc3161Timestamps: timestamps)
        return SigstoreBundle(verificationMaterial: material, content: .dsseEnvelope(envelope))
    }
}
