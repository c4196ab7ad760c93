import Foundation
import ModelSigning
import ModelSigningTestSupport
import Testing
import X509

/// A model and a throwaway root → intermediate → leaf PKI as PEM files, for CLI tests.
struct CertificateWorkspace {
    let directory: TemporaryDirectory
    let files: TestPKI.Files
    let root: TestPKI.Issued
    let intermediate: TestPKI.Issued
    let leaf: TestPKI.Issued
    var model: String { directory.appending("model").path }
    var signature: String { directory.appending("model.sig").path }

    init(leafCurve: ECCurve = .p384, caKey: TestPKI.KeyKind = .rsa(bits: 2048), leafValidity: ClosedRange<Date>? = nil,
         keyUsage: KeyUsage? = KeyUsage(digitalSignature: true), extendedKeyUsage: [ExtendedKeyUsage.Usage] = [.codeSigning],
         identities: [GeneralName] = [.rfc822Name("builder@example.com")]) throws {
        directory = try TemporaryDirectory("cert-cli")
        let wide = Date(timeIntervalSinceNow: -5 * 365 * 86_400)...Date(timeIntervalSinceNow: 5 * 365 * 86_400)
        root = try TestPKI.authority(commonName: "CLI Test Root", key: caKey, validity: wide)
        intermediate = try TestPKI.authority(commonName: "CLI Test Intermediate", key: caKey, issuer: root, validity: wide)
        leaf = try TestPKI.leaf(commonName: "CLI Model Builder", curve: leafCurve, issuer: intermediate, validity: leafValidity,
                                keyUsage: keyUsage, extendedKeyUsage: extendedKeyUsage, identities: identities)
        files = try TestPKI.write(root: root, intermediate: intermediate, leaf: leaf, into: directory)
        try directory.write("model/weights.bin", Data((0..<10_000).map { UInt8($0 % 241) }))
        try directory.write("model/tokenizer/vocab.txt", "a\nb\nc\n")
        try directory.write("model/README.md", "# model\n")
    }

    func sign(_ extra: [String] = []) throws -> ProcessResult {
        try ProcessRunner.cli(["sign", "certificate", model, "--private-key", files.leafKey, "--signing-certificate", files.leaf,
                               "--certificate-chain", files.intermediate, "--signature", signature] + extra)
    }

    func verify(_ extra: [String] = [], anchors: [String]? = nil) throws -> ProcessResult {
        let chain = (anchors ?? [files.root]).flatMap { ["--certificate-chain", $0] }
        return try ProcessRunner.cli(["verify", "certificate", model, "--signature", signature] + chain + extra)
    }
}

/// `model-signing sign certificate` and `verify certificate`.
@Suite(.enabled(if: TestEnvironment.hasCLI, "needs the model-signing binary"))
struct CertificateCLITests {
    @Test func signAndVerify() throws {
        let work = try CertificateWorkspace()
        defer { work.directory.remove() }
        let sign = try work.sign()
        #expect(sign.status == 0, "\(sign.stderr)")
        #expect(sign.stdout == "Signing succeeded\n")
        let verify = try work.verify()
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout == "Verification succeeded\n")
        #expect(verify.stderr.isEmpty)
    }

    @Test func underscoreSpellingsAndChainFilesWithSeveralCertificates() throws {
        let work = try CertificateWorkspace()
        defer { work.directory.remove() }
        // Intermediate and root in one file, after a text preamble.
        let chain = try work.directory.write("chain.pem", "issued by the test CA\n" + work.intermediate.certificatePEM
                                                          + work.root.certificatePEM).path
        let sign = try ProcessRunner.cli(["sign", "certificate", work.model, "--private_key", work.files.leafKey,
                                          "--signing_certificate", work.files.leaf, "--certificate_chain", chain,
                                          "--signature", work.signature])
        #expect(sign.status == 0, "\(sign.stderr)")
        // Anchors: an unrelated root and the right one, in one file.
        let other = try TestPKI.authority(commonName: "Unrelated Root", key: .ec(.p256))
        let anchors = try work.directory.write("anchors.pem", other.certificatePEM + work.root.certificatePEM).path
        let verify = try ProcessRunner.cli(["verify", "certificate", work.model, "--signature", work.signature,
                                            "--certificate_chain", anchors, "--log_fingerprints"])
        #expect(verify.status == 0, "\(verify.stderr)")
        // Fingerprints of 2 anchors and 3 bundle certificates, in the reference's format.
        let lines = verify.stderr.split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("[  init  ] sha256 Fingerprint: ") }.count == 2)
        #expect(lines.filter { $0.hasPrefix("[ verify ] sha256 Fingerprint: ") }.count == 3)
    }

    @Test(.enabled(if: TestEnvironment.hasVectors, "needs ../shared/vectors"),
          arguments: ["v0.2.0", "v0.3.1", "v1.0.0", "v1.0.1", "v1.1.0"])
    func historicalVectorsVerify(version: String) throws {
        let historical = TestEnvironment.vector("oms/historical")
        let result = try ProcessRunner.cli(["verify", "certificate", "\(version)-certificate",
                                            "--signature", "\(version)-certificate/model.sig",
                                            "--certificate_chain", "keys/ca-cert.pem",
                                            "--ignore-paths", "\(version)-certificate/ignore-me"], in: historical)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "Verification succeeded\n")
    }

    @Test(.enabled(if: TestEnvironment.hasVectors, "needs ../shared/vectors"))
    func specVectorVerifies() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let model = directory.appending("model")
        try FileManager.default.copyItem(at: TestEnvironment.vector("oms/historical/v1.1.0-elliptic-key"), to: model)
        for file in ["model.sig", "ignore-me"] { try FileManager.default.removeItem(at: model.appendingPathComponent(file)) }
        let result = try ProcessRunner.cli([
            "verify", "certificate", model.path,
            "--signature", TestEnvironment.vector("oms/spec/test-vectors/v1.0/valid/certificate.bundle.json").path,
            "--certificate-chain", TestEnvironment.vector("oms/historical/keys/ca-cert.pem").path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
    }

    // MARK: - Failures

    static func expectFailure(_ result: ProcessResult, _ operation: String = "Verification", containing text: String,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 1, sourceLocation: sourceLocation)
        #expect(result.stderr.contains("\(operation) failed with error: "), "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(text), "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(!result.stdout.contains("succeeded"), sourceLocation: sourceLocation)
    }

    @Test func wrongCA() throws {
        let work = try CertificateWorkspace()
        defer { work.directory.remove() }
        #expect(try work.sign().status == 0)
        let other = try TestPKI.authority(commonName: "CLI Test Root", key: .rsa(bits: 2048))
        let anchors = try work.directory.write("other.pem", other.certificatePEM).path
        Self.expectFailure(try work.verify(anchors: [anchors]), containing: "does not chain to the trusted certificates")
    }

    @Test func expiredAndNotYetValidAtTheValidationTime() throws {
        let work = try CertificateWorkspace()
        defer { work.directory.remove() }
        #expect(try work.sign().status == 0)
        let later = Date(timeIntervalSinceNow: 2 * 365 * 86_400).formatted(.iso8601)
        Self.expectFailure(try work.verify(["--validation-time", later]), containing: "expired")
        Self.expectFailure(try work.verify(["--validation-time", "2001-01-01"]), containing: "is not valid yet")
        #expect(try work.verify(["--validation-time", Date().formatted(.iso8601)]).status == 0)
        Self.expectFailure(try work.verify(["--validation-time", "soon"]), containing: "ISO 8601")
    }

    @Test func expiredOrNotYetValidCertificateIsRefusedAtSigning() throws {
        for (validity, message) in [
            (Date(timeIntervalSinceNow: -3 * 86_400)...Date(timeIntervalSinceNow: -2 * 86_400), "expired"),
            (Date(timeIntervalSinceNow: 2 * 86_400)...Date(timeIntervalSinceNow: 3 * 86_400), "not valid yet"),
        ] {
            let work = try CertificateWorkspace(leafValidity: validity)
            defer { work.directory.remove() }
            Self.expectFailure(try work.sign(), "Signing", containing: message)
            #expect(!FileManager.default.fileExists(atPath: work.signature))
        }
    }

    @Test func leafWithoutSigningUsageIsRefusedAtSigning() throws {
        let work = try CertificateWorkspace(keyUsage: KeyUsage(keyEncipherment: true), extendedKeyUsage: [.serverAuth])
        defer { work.directory.remove() }
        Self.expectFailure(try work.sign(), "Signing", containing: "not allowed to sign")
    }

    @Test func keyNotMatchingTheCertificateIsRefused() throws {
        let work = try CertificateWorkspace()
        defer { work.directory.remove() }
        let otherKey = try work.directory.write("other-key.pem", ECPrivateKey.generate(curve: .p384).pkcs8PEM).path
        let result = try ProcessRunner.cli(["sign", "certificate", work.model, "--private-key", otherKey,
                                            "--signing-certificate", work.files.leaf, "--signature", work.signature])
        Self.expectFailure(result, "Signing", containing: "does not match the signing certificate")
        #expect(!FileManager.default.fileExists(atPath: work.signature))
    }

    @Test func reuseFromHashesOnlyWhatChangedAndNeedsTheSameKey() async throws {
        let work = try CertificateWorkspace()
        defer { work.directory.remove() }
        try await Task.sleep(for: .milliseconds(30))
        #expect(try work.sign().status == 0)
        try await Task.sleep(for: .milliseconds(30))
        try work.directory.write("model/README.md", "# model, v2\n")

        let resign = try work.sign(["--reuse-from", work.signature])
        #expect(resign.status == 0, "\(resign.stderr)")
        #expect(resign.stdout == "Signing succeeded\nRe-signed: hashed 1 file(s) (12 B), reused the signed digests of 2\n")
        let verify = try work.verify()
        #expect(verify.status == 0, "\(verify.stderr)")

        // A signature by another certificate's key is not reused, nor is a key-method signature.
        let other = try CertificateWorkspace()
        defer { other.directory.remove() }
        #expect(try other.sign().status == 0)
        Self.expectFailure(try work.sign(["--reuse-from", other.signature]), "Signing", containing: "another key")
        let key = ECPrivateKey.generate(curve: .p256)
        let keyPath = try work.directory.write("key.pem", key.pkcs8PEM).path
        let keySigned = work.directory.appending("key.sig").path
        #expect(try ProcessRunner.cli(["sign", "key", work.model, "--private-key", keyPath, "--signature", keySigned]).status == 0)
        Self.expectFailure(try work.sign(["--reuse-from", keySigned]), "Signing", containing: "not a certificate chain")
        #expect(try work.verify().status == 0, "a refused re-signing leaves the signature in place")
    }

    @Test func keyBundleAsCertificateAndTheReverse() throws {
        let work = try CertificateWorkspace()
        defer { work.directory.remove() }
        let key = ECPrivateKey.generate(curve: .p256)
        let privateKey = try work.directory.write("key.pem", key.pkcs8PEM).path
        let publicKey = try work.directory.write("key.pub", key.publicKey.pem).path
        #expect(try ProcessRunner.cli(["sign", "key", work.model, "--private-key", privateKey, "--signature", work.signature]).status == 0)
        Self.expectFailure(try work.verify(), containing: "public key")

        #expect(try work.sign().status == 0)
        let asKey = try ProcessRunner.cli(["verify", "key", work.model, "--public-key", publicKey, "--signature", work.signature])
        Self.expectFailure(asKey, containing: "x509CertificateChain")
    }

    @Test func identityOptions() throws {
        let work = try CertificateWorkspace(identities: [.rfc822Name("builder@example.com"), .uniformResourceIdentifier("https://ci.example.com/job")])
        defer { work.directory.remove() }
        #expect(try work.sign().status == 0)
        #expect(try work.verify(["--certificate-identity", "builder@example.com"]).status == 0)
        #expect(try work.verify(["--certificate-identity", "other@example.com", "--certificate-identity", "https://ci.example.com/job"]).status == 0)
        #expect(try work.verify(["--certificate-subject", "CN=CLI Model Builder, O=model-signing tests"]).status == 0)
        Self.expectFailure(try work.verify(["--certificate-identity", "attacker@example.com"]),
                           containing: "does not carry the expected identity attacker@example.com")
        Self.expectFailure(try work.verify(["--certificate-subject", "CN=Someone Else"]), containing: "subject")
        let json = try work.verify(["--certificate-identity", "builder@example.com", "--json"])
        #expect(json.status == 0)
        #expect(json.stdout.contains("\"signer\":\"certificate CN=CLI Model Builder"))
    }

    @Test(.enabled(if: SystemTrustStore.bundlePath() != nil, "no system CA bundle on this machine"))
    func withoutAnchorsTheSystemBundleIsUsedWithAWarning() throws {
        let work = try CertificateWorkspace()
        defer { work.directory.remove() }
        #expect(try work.sign().status == 0)
        let result = try ProcessRunner.cli(["verify", "certificate", work.model, "--signature", work.signature])
        #expect(result.stderr.contains("Warning: no --certificate-chain given; trusting the"))
        #expect(result.stderr.contains("--certificate-identity"))
        Self.expectFailure(result, containing: "does not chain")
    }

    @Test func tamperedModelFails() throws {
        let work = try CertificateWorkspace()
        defer { work.directory.remove() }
        #expect(try work.sign().status == 0)
        try work.directory.write("model/tokenizer/vocab.txt", "a\nb\nX\n")
        Self.expectFailure(try work.verify(), containing: "tokenizer/vocab.txt")
    }
}
