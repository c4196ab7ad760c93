import Foundation
import ModelSigning
import ModelSigningTestSupport
import Sigstore
import Testing

/// The signer protocol: any provider of DER signatures plugs into KeySigner and
/// CertificateSigner; a wrong signature never reaches a signature file.
@Suite struct SignatureProviderTests {
    /// A provider living "elsewhere": it only exposes the public key and signs on request,
    /// recording what it was asked to sign.
    final class RemoteKey: SignatureProvider, @unchecked Sendable {
        private let key: ECPrivateKey
        private let signingKey: ECPrivateKey
        private let lock = NSLock()
        private var requests: [[UInt8]] = []

        /// - Parameter signingKey: the key that really signs (a different one simulates a broken service).
        init(key: ECPrivateKey, signingKey: ECPrivateKey? = nil) {
            self.key = key
            self.signingKey = signingKey ?? key
        }

        var signerPublicKey: SignerPublicKey { .ec(key.publicKey) }
        var messages: [[UInt8]] { lock.lock(); defer { lock.unlock() }; return requests }

        func signature(for message: [UInt8]) async throws(ModelSigningError) -> [UInt8] {
            lock.withLock { requests.append(message) }
            return try signingKey.signature(for: message)
        }
    }

    static func model(in directory: TemporaryDirectory) throws -> String {
        try directory.write("model/a.bin", Data((0..<3000).map { UInt8($0 % 7) }))
        try directory.write("model/b.txt", "b")
        return directory.appending("model").path
    }

    @Test(arguments: [ECCurve.p256, .p384, .p521])
    func providerSignaturesVerifyAsKeySignatures(curve: ECCurve) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let model = try SignatureProviderTests.model(in: directory)
        let key = ECPrivateKey.generate(curve: curve)
        let remote = RemoteKey(key: key)
        let signature = directory.appending("model.sig").path
        let bundle = try await ModelSigner(signer: KeySigner(provider: remote)).sign(modelAt: model, signatureAt: signature)
        // The provider was asked once, for the DSSE pre-authentication encoding of the statement.
        let envelope = try #require(bundle.dsseEnvelope)
        #expect(remote.messages == [envelope.preAuthenticationEncoding])
        _ = try await ModelVerifier(verifier: KeyVerifier(publicKey: key.publicKey)).verify(modelAt: model, signatureAt: signature)

        // Same verification material as the in-memory signer: the key hint only.
        let inMemory = try await ModelSigner(signer: KeySigner(privateKey: key)).sign(modelAt: model)
        #expect(bundle.verificationMaterial == inMemory.verificationMaterial)
        #expect(envelope.payload == inMemory.dsseEnvelope?.payload)
    }

    @Test func providerSignsCertificateSignatures() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let model = try SignatureProviderTests.model(in: directory)
        let root = try TestPKI.authority(commonName: "provider root", key: .ec(.p256))
        let leaf = try TestPKI.leaf(commonName: "provider leaf", issuer: root)
        let key = try ECPrivateKey(pem: leaf.privateKeyPEM)
        let signer = try CertificateSigner(provider: RemoteKey(key: key), signingCertificate: leaf.certificate)
        let signature = directory.appending("model.sig").path
        try await ModelSigner(signer: signer).sign(modelAt: model, signatureAt: signature)
        let verifier = CertificateVerifier(trustAnchors: [root.certificate])
        _ = try await ModelVerifier(verifier: verifier).verify(modelAt: model, signatureAt: signature)
    }

    @Test func wrongSignatureIsRefusedAndNothingIsWritten() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let model = try SignatureProviderTests.model(in: directory)
        let broken = RemoteKey(key: .generate(curve: .p256), signingKey: .generate(curve: .p256))
        let signature = directory.appending("model.sig").path
        await #expect {
            try await ModelSigner(signer: KeySigner(provider: broken)).sign(modelAt: model, signatureAt: signature)
        } throws: { error in
            "\(error)".contains("does not verify with its ECDSA P-256 public key")
        }
        #expect(!FileManager.default.fileExists(atPath: signature))
    }

    @Test func externalCommandProviderSignsWithOpenSSL() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let model = try SignatureProviderTests.model(in: directory)
        let (privateKey, publicKeyPath) = try directory.writeKeyPair(curve: .p384)
        let publicKey = try ECPublicKey(contentsOf: publicKeyPath)
        let provider = ExternalCommandSignatureProvider(command: "openssl dgst -sha384 -sign '\(privateKey)'", publicKey: publicKey)
        let signature = directory.appending("model.sig").path
        try await ModelSigner(signer: KeySigner(provider: provider)).sign(modelAt: model, signatureAt: signature)
        _ = try await ModelVerifier(verifier: KeyVerifier(publicKey: publicKey)).verify(modelAt: model, signatureAt: signature)
    }
}
