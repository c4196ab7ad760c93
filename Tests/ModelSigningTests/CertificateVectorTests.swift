import Foundation
import ModelHashing
import ModelSigning
import ModelSigningTestSupport
import Sigstore
import Testing
import X509

/// Certificate-method signatures written by the reference's releases and by the specification.
@Suite(.enabled(if: TestEnvironment.hasVectors, "needs ../shared/vectors"))
struct CertificateVectorTests {
    static func key(_ name: String) -> String { TestEnvironment.vector("oms/historical/keys/\(name)").path }

    func verifier(identity: CertificateIdentityConstraints = CertificateIdentityConstraints(),
                  ignoring: [String] = []) throws -> ModelVerifier {
        let anchors = try CertificateLoader.certificates(contentsOf: CertificateVectorTests.key("ca-cert.pem"))
        return ModelVerifier(verifier: CertificateVerifier(trustAnchors: anchors, identity: identity),
                             ignorePaths: ignoring.compactMap(ModelPath.init))
    }

    @Test(arguments: ["v0.2.0", "v0.3.1", "v1.0.0", "v1.0.1", "v1.1.0"])
    func historicalCasesVerify(version: String) async throws {
        let folder = TestEnvironment.vector("oms/historical/\(version)-certificate")
        let result = try await verifier(ignoring: ["ignore-me"]).verify(
            modelAt: folder.path, signatureAt: folder.appendingPathComponent("model.sig").path)
        #expect(result.signedManifest.resources.map(\.name) == ["signme-1", "signme-2"])
        #expect(result.usedCompatibilityEncoding == (version == "v0.2.0"))
        #expect(result.signer.contains("CN=intermediate-ca"))
        #expect(result.signer.contains("CN=root-ca"))
    }

    @Test func historicalCaseVerifiesThroughTheCommandLineStyleInitializer() async throws {
        let folder = TestEnvironment.vector("oms/historical/v1.0.0-certificate")
        let verifier = try CertificateVerifier(certificateChainPaths: [CertificateVectorTests.key("ca-cert.pem")])
        _ = try await ModelVerifier(verifier: verifier).verify(modelAt: folder.path,
                                                               signatureAt: folder.appendingPathComponent("model.sig").path)
    }

    @Test func specCertificateVectorVerifies() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let model = directory.appending("model")
        try FileManager.default.copyItem(at: TestEnvironment.vector("oms/historical/v1.1.0-elliptic-key"), to: model)
        for file in ["model.sig", "ignore-me"] { try FileManager.default.removeItem(at: model.appendingPathComponent(file)) }
        let result = try await verifier().verify(
            modelAt: model.path,
            signatureAt: TestEnvironment.vector("oms/spec/test-vectors/v1.0/valid/certificate.bundle.json").path)
        #expect(Hex.encode(result.signedManifest.rootDigest).hasPrefix("92745110"))
    }

    @Test func historicalLeafIsACertificateAuthorityWithCodeSigning() throws {
        let leaf = try CertificateLoader.certificate(contentsOf: CertificateVectorTests.key("signing-key-cert.pem"))
        #expect(try leaf.extensions.basicConstraints == .isCertificateAuthority(maxPathLength: nil))
        #expect(try leaf.extensions.extendedKeyUsage?.contains(.codeSigning) == true)
    }

    @Test func wrongAnchorIsRefused() async throws {
        let folder = TestEnvironment.vector("oms/historical/v1.1.0-certificate")
        let pki = try TestPKI.authority(commonName: "root-ca")  // same name, different key
        let verifier = ModelVerifier(verifier: CertificateVerifier(trustAnchors: [pki.certificate]),
                                     ignorePaths: [ModelPath("ignore-me")].compactMap { $0 })
        let error = await #expect(throws: ModelSigningError.self) {
            try await verifier.verify(modelAt: folder.path, signatureAt: folder.appendingPathComponent("model.sig").path)
        }
        #expect(error?.description.contains("does not chain") == true, "\(String(describing: error))")
    }

    @Test func historicalCertificateBundlesAreRefusedByTheKeyVerifier() async throws {
        let bundle = try SigstoreBundle.parse(
            Data(contentsOf: TestEnvironment.vector("oms/historical/v1.1.0-certificate/model.sig")))
        let key = try ECPublicKey(contentsOf: CertificateVectorTests.key("signing-key-pub.pem"))
        do {
            _ = try await KeyVerifier(publicKey: key).verifiedPayload(of: bundle)
            Issue.record("key verifier accepted a certificate bundle")
        } catch let error as ModelSigningError {
            guard error.code == .verificationMaterialMismatch else { Issue.record("\(error)"); return }
            let reason = error.reason
            #expect(reason.contains("x509CertificateChain"))
        }
    }

    @Test(arguments: ["v0.3.1", "v1.0.0", "v1.0.1", "v1.1.0"])
    func keyBundlesAreRefusedByTheCertificateVerifier(version: String) async throws {
        let bundle = try SigstoreBundle.parse(
            Data(contentsOf: TestEnvironment.vector("oms/historical/\(version)-elliptic-key/model.sig")))
        let anchors = try CertificateLoader.certificates(contentsOf: CertificateVectorTests.key("ca-cert.pem"))
        do {
            _ = try await CertificateVerifier(trustAnchors: anchors).verifiedPayload(of: bundle)
            Issue.record("certificate verifier accepted a key bundle")
        } catch let error as ModelSigningError {
            guard error.code == .verificationMaterialMismatch else { Issue.record("\(error)"); return }
            let reason = error.reason
            #expect(reason.contains("public key"))
        }
    }

    @Test func identityConstraintsApplyToTheHistoricalLeaf() async throws {
        let folder = TestEnvironment.vector("oms/historical/v1.0.0-certificate")
        let signature = folder.appendingPathComponent("model.sig").path
        _ = try await verifier(identity: .init(subject: "CN=intermediate-ca")).verify(modelAt: folder.path, signatureAt: signature)
        _ = try await verifier(identity: .init(subject: "intermediate-ca")).verify(modelAt: folder.path, signatureAt: signature)
        let wrongSubject = try verifier(identity: .init(subject: "CN=root-ca"))
        await #expect(throws: ModelSigningError.self) { try await wrongSubject.verify(modelAt: folder.path, signatureAt: signature) }
        // The leaf has no subject alternative names, so any required identity fails.
        let wrongIdentity = try verifier(identity: .init(identities: ["someone@example.com"]))
        let error = await #expect(throws: ModelSigningError.self) {
            try await wrongIdentity.verify(modelAt: folder.path, signatureAt: signature)
        }
        #expect(error?.description.contains("someone@example.com") == true)
    }

    /// Signing with the historical key and certificate gives a bundle whose chain holds the
    /// exact certificate bytes, leaf first, and that verifies.
    @Test func signingWithTheHistoricalKeyAndCertificate() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("model/weights.bin", "weights")
        let signer = try CertificateSigner(
            privateKeyPath: CertificateVectorTests.key("signing-key.pem"),
            signingCertificatePath: CertificateVectorTests.key("signing-key-cert.pem"),
            certificateChainPaths: [CertificateVectorTests.key("int-ca-cert.pem")])
        let signature = directory.appending("model.sig").path
        let bundle = try await ModelSigner(signer: signer).sign(modelAt: directory.appending("model").path,
                                                                signatureAt: signature)
        guard case .x509CertificateChain(let chain) = bundle.verificationMaterial.signer else {
            Issue.record("no certificate chain in \(bundle.verificationMaterial.signerKindName)")
            return
        }
        let expected = try ["signing-key-cert.pem", "int-ca-cert.pem"].map { name in
            try pemDER(String(contentsOfFile: CertificateVectorTests.key(name), encoding: .utf8))
        }
        #expect(chain == expected)
        #expect(bundle.mediaType == "application/vnd.dev.sigstore.bundle.v0.3+json")
        _ = try await verifier().verify(modelAt: directory.appending("model").path, signatureAt: signature)
    }

    /// The base64 body of the first PEM block, decoded.
    func pemDER(_ pem: String) -> [UInt8] {
        let body = pem.split(separator: "\n").drop { !$0.hasPrefix("-----BEGIN") }.dropFirst()
            .prefix { !$0.hasPrefix("-----END") }.joined()
        return Base64.decode(body) ?? []
    }
}
