import Foundation
import ModelHashing
import ModelSigning
import ModelSigningTestSupport
import Sigstore
import Testing
import X509

/// Certificate signing and verification against throwaway PKIs made at test time.
struct CertificatePKITests {
    /// A model, a root, an intermediate and a leaf (with key) written to a temporary directory.
    struct Fixture {
        let directory: TemporaryDirectory
        let root: TestPKI.Issued
        let intermediate: TestPKI.Issued
        let leaf: TestPKI.Issued
        var model: String { directory.appending("model").path }
        var signature: String { directory.appending("model.sig").path }

        init(rootKey: TestPKI.KeyKind = .rsa(bits: 2048), intermediateKey: TestPKI.KeyKind = .ec(.p384),
             leafCurve: ECCurve = .p256, leafValidity: ClosedRange<Date>? = nil,
             keyUsage: KeyUsage? = KeyUsage(digitalSignature: true),
             extendedKeyUsage: [ExtendedKeyUsage.Usage] = [.codeSigning],
             identities: [GeneralName] = [.rfc822Name("builder@example.com")],
             intermediateValidity: ClosedRange<Date>? = nil,
             intermediateKeyUsage: KeyUsage? = KeyUsage(keyCertSign: true, cRLSign: true)) throws {
            directory = try TemporaryDirectory("cert-pki")
            root = try TestPKI.authority(commonName: "Test Root", key: rootKey,
                                         validity: Date(timeIntervalSinceNow: -10 * 365 * 86_400)...Date(timeIntervalSinceNow: 10 * 365 * 86_400))
            intermediate = try TestPKI.authority(commonName: "Test Intermediate", key: intermediateKey, issuer: root,
                                                 validity: intermediateValidity, keyUsage: intermediateKeyUsage)
            leaf = try TestPKI.leaf(commonName: "Model Builder", curve: leafCurve, issuer: intermediate,
                                    validity: leafValidity, keyUsage: keyUsage, extendedKeyUsage: extendedKeyUsage,
                                    identities: identities)
            try directory.write("model/config.json", "{\"layers\": 2}")
            try directory.write("model/weights/part-0.bin", Data((0..<4096).map { UInt8($0 % 253) }))
        }

        func signer(signingTime: Date = Date()) throws(ModelSigningError) -> CertificateSigner {
            try CertificateSigner(privateKey: ECPrivateKey(pem: leaf.privateKeyPEM), signingCertificate: leaf.certificate,
                                  certificateChain: [intermediate.certificate], signingTime: signingTime)
        }

        func sign(signingTime: Date = Date()) async throws {
            _ = try await ModelSigner(signer: signer(signingTime: signingTime)).sign(modelAt: model, signatureAt: signature)
        }

        func verify(anchors: [Certificate]? = nil, identity: CertificateIdentityConstraints = .init(),
                    at time: Date? = nil) async throws(ModelSigningError) -> ModelSigning.VerificationResult {
            let verifier = CertificateVerifier(trustAnchors: anchors ?? [root.certificate], identity: identity, validationTime: time)
            return try await ModelVerifier(verifier: verifier).verify(modelAt: model, signatureAt: signature)
        }

        /// A bundle signed by the leaf's key without the signer's checks (for verification failures).
        func writeUncheckedBundle(chain: [Certificate]? = nil) async throws {
            let key = try ECPrivateKey(pem: leaf.privateKeyPEM)
            let manifest = try await ModelSigner(signer: KeySigner(privateKey: key)).manifest(modelAt: model)
            let envelope = try DSSEEnvelope.signed(payload: OMSStatement.payload(for: manifest), with: key)
            let der = try (chain ?? [leaf.certificate, intermediate.certificate]).map { try Array($0.serializeAsPEM().derBytes) }
            let bundle = SigstoreBundle(verificationMaterial: VerificationMaterial(signer: .x509CertificateChain(der)),
                                        content: .dsseEnvelope(envelope))
            try directory.write("model.sig", Data(bundle.serialized()))
        }
    }

    static func expectFailure(_ fixture: Fixture, anchors: [Certificate]? = nil, identity: CertificateIdentityConstraints = .init(),
                              at time: Date? = nil, containing text: String,
                              sourceLocation: SourceLocation = #_sourceLocation) async {
        do throws(ModelSigningError) {
            _ = try await fixture.verify(anchors: anchors, identity: identity, at: time)
            Issue.record("verification succeeded; expected a failure mentioning \"\(text)\"", sourceLocation: sourceLocation)
        } catch {
            #expect(error.description.contains(text), "\(error.description)", sourceLocation: sourceLocation)
        }
    }

    // MARK: - Round trips

    @Test(arguments: [ECCurve.p256, .p384, .p521],
          [TestPKI.KeyKind.rsa(bits: 2048), .ec(.p256), .ec(.p384)])
    func signAndVerify(leafCurve: ECCurve, caKey: TestPKI.KeyKind) async throws {
        let fixture = try Fixture(rootKey: caKey, intermediateKey: caKey, leafCurve: leafCurve)
        defer { fixture.directory.remove() }
        try await fixture.sign()
        let result = try await fixture.verify()
        #expect(result.signedManifest.resources.count == 2)
        #expect(result.signer.contains("Model Builder"))
        #expect(!result.usedCompatibilityEncoding)
    }

    @Test func mixedRSAAndECChainVerifies() async throws {
        let fixture = try Fixture(rootKey: .rsa(bits: 3072), intermediateKey: .ec(.p521), leafCurve: .p384)
        defer { fixture.directory.remove() }
        try await fixture.sign()
        _ = try await fixture.verify()
    }

    @Test func bundleChainIsLeafThenChainInOrder() async throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        let signer = try CertificateSigner(privateKey: ECPrivateKey(pem: fixture.leaf.privateKeyPEM),
                                           signingCertificate: fixture.leaf.certificate,
                                           certificateChain: [fixture.intermediate.certificate, fixture.root.certificate])
        let bundle = try await signer.bundle(signing: Array("{}".utf8))
        guard case .x509CertificateChain(let chain) = bundle.verificationMaterial.signer else {
            Issue.record("not a certificate chain")
            return
        }
        let parsed = try chain.map { try Certificate(derEncoded: $0) }
        #expect(parsed == [fixture.leaf.certificate, fixture.intermediate.certificate, fixture.root.certificate])
        #expect(bundle.verificationMaterial.tlogEntries.isEmpty)
        #expect(String(decoding: bundle.serialized(), as: UTF8.self).contains("\"tlogEntries\":[]"))
    }

    /// Any given certificate is an anchor: trusting the intermediate alone is enough.
    @Test func intermediateAsAnchor() async throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        try await fixture.sign()
        _ = try await fixture.verify(anchors: [fixture.intermediate.certificate])
    }

    /// Like the reference, a leaf whose KeyUsage lacks digitalSignature still signs with the
    /// codeSigning purpose, and one without ExtendedKeyUsage signs with digitalSignature.
    @Test(arguments: [(KeyUsage(keyCertSign: true) as KeyUsage?, [ExtendedKeyUsage.Usage.codeSigning]),
                      (KeyUsage(digitalSignature: true), []),
                      (nil, [.codeSigning])])
    func eitherSigningUsageSuffices(keyUsage: KeyUsage?, extendedKeyUsage: [ExtendedKeyUsage.Usage]) async throws {
        let fixture = try Fixture(keyUsage: keyUsage, extendedKeyUsage: extendedKeyUsage)
        defer { fixture.directory.remove() }
        try await fixture.sign()
        _ = try await fixture.verify()
    }

    // MARK: - Refusals at signing

    @Test func keyNotMatchingTheCertificateIsRefused() throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        let otherKey = ECPrivateKey.generate(curve: .p256)
        #expect {
            _ = try CertificateSigner(privateKey: otherKey, signingCertificate: fixture.leaf.certificate)
        } throws: { error in
            "\(error)".contains("does not match the signing certificate")
        }
    }

    @Test func expiredCertificateIsRefusedAtSigning() throws {
        let past = Date(timeIntervalSinceNow: -3 * 365 * 86_400)...Date(timeIntervalSinceNow: -2 * 365 * 86_400)
        let fixture = try Fixture(leafValidity: past)
        defer { fixture.directory.remove() }
        #expect { _ = try fixture.signer() } throws: { "\($0)".contains("expired") }
        // Inside its validity it signs.
        _ = try fixture.signer(signingTime: past.lowerBound.addingTimeInterval(3600))
    }

    @Test func notYetValidCertificateIsRefusedAtSigning() throws {
        let future = Date(timeIntervalSinceNow: 2 * 365 * 86_400)...Date(timeIntervalSinceNow: 3 * 365 * 86_400)
        let fixture = try Fixture(leafValidity: future)
        defer { fixture.directory.remove() }
        #expect { _ = try fixture.signer() } throws: { "\($0)".contains("not valid yet") }
    }

    @Test func certificateWithoutSigningUsageIsRefusedAtSigning() throws {
        let fixture = try Fixture(keyUsage: KeyUsage(keyEncipherment: true), extendedKeyUsage: [.serverAuth])
        defer { fixture.directory.remove() }
        #expect { _ = try fixture.signer() } throws: { "\($0)".contains("not allowed to sign") }
    }

    // MARK: - Refusals at verification

    @Test func wrongCAIsRefused() async throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        try await fixture.sign()
        let otherRoot = try TestPKI.authority(commonName: "Test Root", key: .ec(.p256))
        await Self.expectFailure(fixture, anchors: [otherRoot.certificate], containing: "does not chain")
    }

    @Test func missingIntermediateIsRefused() async throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        try await fixture.writeUncheckedBundle(chain: [fixture.leaf.certificate])
        await Self.expectFailure(fixture, containing: "does not chain")
    }

    @Test func expiredLeafIsRefused() async throws {
        let past = Date(timeIntervalSinceNow: -3 * 365 * 86_400)...Date(timeIntervalSinceNow: -2 * 365 * 86_400)
        let fixture = try Fixture(leafValidity: past)
        defer { fixture.directory.remove() }
        let signingTime = past.lowerBound.addingTimeInterval(3600)
        try await fixture.sign(signingTime: signingTime)
        await Self.expectFailure(fixture, containing: "expired")
        // At a time inside its validity, it verifies (the intermediate's validity covers it only
        // if it was valid then too, so give it the same window).
    }

    @Test func expiredLeafVerifiesAtAnEarlierValidationTime() async throws {
        let past = Date(timeIntervalSinceNow: -3 * 365 * 86_400)...Date(timeIntervalSinceNow: -2 * 365 * 86_400)
        let caWindow = Date(timeIntervalSinceNow: -4 * 365 * 86_400)...Date(timeIntervalSinceNow: 365 * 86_400)
        let fixture = try Fixture(leafValidity: past, intermediateValidity: caWindow)
        defer { fixture.directory.remove() }
        let signingTime = past.lowerBound.addingTimeInterval(3600)
        try await fixture.sign(signingTime: signingTime)
        _ = try await fixture.verify(at: signingTime)
    }

    @Test func notYetValidLeafIsRefused() async throws {
        let future = Date(timeIntervalSinceNow: 2 * 365 * 86_400)...Date(timeIntervalSinceNow: 3 * 365 * 86_400)
        let fixture = try Fixture(leafValidity: future, intermediateValidity: Date(timeIntervalSinceNow: -86_400)...Date(timeIntervalSinceNow: 5 * 365 * 86_400))
        defer { fixture.directory.remove() }
        try await fixture.sign(signingTime: future.lowerBound.addingTimeInterval(3600))
        await Self.expectFailure(fixture, containing: "not valid yet")
        _ = try await fixture.verify(at: future.lowerBound.addingTimeInterval(7200))
    }

    @Test func expiredIntermediateIsRefused() async throws {
        let fixture = try Fixture(intermediateValidity: Date(timeIntervalSinceNow: -3 * 86_400)...Date(timeIntervalSinceNow: -86_400))
        defer { fixture.directory.remove() }
        try await fixture.sign()
        await Self.expectFailure(fixture, containing: "the CA certificate CN=Test Intermediate")
    }

    @Test func leafWithoutSigningUsageIsRefused() async throws {
        let fixture = try Fixture(keyUsage: KeyUsage(keyEncipherment: true), extendedKeyUsage: [.serverAuth])
        defer { fixture.directory.remove() }
        try await fixture.writeUncheckedBundle()
        await Self.expectFailure(fixture, containing: "not allowed to sign")
    }

    @Test func intermediateWithoutKeyCertSignIsRefused() async throws {
        let fixture = try Fixture(intermediateKeyUsage: KeyUsage(digitalSignature: true))
        defer { fixture.directory.remove() }
        try await fixture.sign()
        await Self.expectFailure(fixture, containing: "keyCertSign")
    }

    @Test func tamperedSignatureIsRefused() async throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        try await fixture.sign()
        var bundle = try SigstoreBundle.parse(Data(contentsOf: URL(fileURLWithPath: fixture.signature)))
        guard var envelope = bundle.dsseEnvelope else { Issue.record("no envelope"); return }
        envelope.signatures[0].signature[10] ^= 1
        bundle.content = .dsseEnvelope(envelope)
        try fixture.directory.write("model.sig", Data(bundle.serialized()))
        await Self.expectFailure(fixture, containing: "signature")
    }

    @Test func otherMediaTypesAreRefused() async throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        try await fixture.sign()
        var bundle = try SigstoreBundle.parse(Data(contentsOf: URL(fileURLWithPath: fixture.signature)))
        bundle.mediaType = "application/vnd.dev.sigstore.bundle+json;version=0.2"
        let anchors = [fixture.root.certificate]
        do {
            _ = try await CertificateVerifier(trustAnchors: anchors).verifiedPayload(of: bundle)
            Issue.record("accepted media type \(bundle.mediaType)")
        } catch let error as ModelSigningError {
            guard error.code == .verificationMaterialMismatch else { Issue.record("\(error)"); return }
            let reason = error.reason
            #expect(reason.contains("application/vnd.dev.sigstore.bundle.v0.3+json"))
        }
    }

    @Test func ourCertificateBundleIsRefusedByTheKeyVerifierAndTheReverse() async throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        try await fixture.sign()
        let key = try ECPrivateKey(pem: fixture.leaf.privateKeyPEM)
        let keyVerifier = ModelVerifier(verifier: KeyVerifier(publicKey: key.publicKey))
        do throws(ModelSigningError) {
            _ = try await keyVerifier.verify(modelAt: fixture.model, signatureAt: fixture.signature)
            Issue.record("key verifier accepted a certificate bundle")
        } catch {
            guard error.code == .verificationMaterialMismatch else { Issue.record("\(error)"); return }
        }
        _ = try await ModelSigner(signer: KeySigner(privateKey: key)).sign(modelAt: fixture.model, signatureAt: fixture.signature)
        do throws(ModelSigningError) {
            _ = try await fixture.verify()
            Issue.record("certificate verifier accepted a key bundle")
        } catch {
            guard error.code == .verificationMaterialMismatch else { Issue.record("\(error)"); return }
        }
    }

    @Test func tooManyCertificatesAreRefused() async throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        try await fixture.writeUncheckedBundle(chain: [fixture.leaf.certificate] + Array(repeating: fixture.intermediate.certificate, count: 10))
        await Self.expectFailure(fixture, containing: "more than the 10 accepted")
    }

    // MARK: - Identity constraints

    @Test func identityConstraints() async throws {
        let fixture = try Fixture(identities: [.rfc822Name("builder@example.com"),
                                               .uniformResourceIdentifier("https://ci.example.com/pipelines/model"),
                                               .dnsName("Builder.Example.com")])
        defer { fixture.directory.remove() }
        try await fixture.sign()
        _ = try await fixture.verify(identity: .init(identities: ["builder@example.com"]))
        _ = try await fixture.verify(identity: .init(identities: ["nobody@example.com", "https://ci.example.com/pipelines/model"]))
        _ = try await fixture.verify(identity: .init(identities: ["builder.example.com"]))
        _ = try await fixture.verify(identity: .init(subject: "CN=Model Builder,O=model-signing tests"))
        _ = try await fixture.verify(identity: .init(subject: "O = model-signing tests, CN = Model Builder"))
        _ = try await fixture.verify(identity: .init(subject: "Model Builder"))
        _ = try await fixture.verify(identity: .init(identities: ["builder@example.com"], subject: "Model Builder"))
        await Self.expectFailure(fixture, identity: .init(identities: ["Builder@example.com"]), containing: "builder@example.com")
        await Self.expectFailure(fixture, identity: .init(identities: ["attacker@example.com"]), containing: "attacker@example.com")
        await Self.expectFailure(fixture, identity: .init(subject: "CN=Model Builder"), containing: "subject")
        await Self.expectFailure(fixture, identity: .init(identities: ["builder@example.com"], subject: "Someone"),
                                 containing: "subject")
    }
}
