import Foundation
import ModelSigningTestSupport
import Testing

/// `model-signing verify sigstore` on the keyless signatures of every model_signing release.
@Suite(.enabled(if: TestEnvironment.hasCLI && TestEnvironment.hasVectors, "needs the model-signing binary and the vectors"))
struct SigstoreCLITests {
    static let cases = ["v0.3.1-sigstore", "v1.0.0-sigstore", "v1.0.1-sigstore", "v1.1.0-sigstore"]
    static let identity = "stefanb@us.ibm.com"
    static let issuer = "https://sigstore.verify.ibm.com/oauth2"

    private func arguments(_ name: String, model: String, signature: String, identity: String = identity,
                           issuer: String = issuer) -> [String] {
        var arguments = ["verify", "sigstore", model, "--signature", signature, "--identity", identity,
                         "--identity-provider", issuer]
        if name >= "v1.0.1" { arguments += ["--ignore-paths", model + "/ignore-me"] }
        return arguments
    }

    private func historical(_ name: String) -> String {
        TestEnvironment.vector("oms/historical/\(name)").path
    }

    @Test(arguments: cases)
    func verifiesOffline(_ name: String) throws {
        let model = historical(name)
        let result = try ProcessRunner.cli(arguments(name, model: model, signature: model + "/model.sig"))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "Verification succeeded\n")
    }

    @Test(arguments: cases.filter { $0 != "v0.3.1-sigstore" })
    func verifiesFromInsideTheModel(_ name: String) throws {
        var arguments = ["verify", "sigstore", ".", "--signature", "model.sig", "--identity", Self.identity,
                         "--identity_provider", Self.issuer]
        if name >= "v1.0.1" { arguments += ["--ignore-paths", "ignore-me"] }
        let result = try ProcessRunner.cli(arguments, in: URL(fileURLWithPath: historical(name)))
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test(arguments: cases)
    func failsWithAnotherIdentity(_ name: String) throws {
        let model = historical(name)
        let result = try ProcessRunner.cli(arguments(name, model: model, signature: model + "/model.sig", identity: "someone@us.ibm.com"))
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("Verification failed with error: "))
        #expect(result.stderr.contains("identity: no SubjectAltName matches"))
    }

    @Test(arguments: cases)
    func failsWithAnotherIssuer(_ name: String) throws {
        let model = historical(name)
        let result = try ProcessRunner.cli(arguments(name, model: model, signature: model + "/model.sig",
                                                     issuer: "https://accounts.google.com"))
        #expect(result.status == 1)
        #expect(result.stderr.contains("OIDC issuer \"\(Self.issuer)\" does not match"))
    }

    @Test(arguments: cases)
    func failsWhenOneModelByteChanges(_ name: String) throws {
        let work = try TemporaryDirectory()
        defer { work.remove() }
        let model = work.appending(name)
        try FileManager.default.copyItem(at: URL(fileURLWithPath: historical(name)), to: model)
        for file in try FileManager.default.contentsOfDirectory(atPath: model.path) {
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: model.appendingPathComponent(file).path)
        }
        var bytes = try Data(contentsOf: model.appendingPathComponent("signme-2"))
        bytes[0] ^= 0x01
        try bytes.write(to: model.appendingPathComponent("signme-2"))
        let result = try ProcessRunner.cli(arguments(name, model: model.path, signature: model.path + "/model.sig"))
        #expect(result.status == 1)
        #expect(result.stderr.contains("signme-2"), "\(result.stderr)")
    }

    @Test func stagingRootRejectsAProductionSignature() throws {
        let name = "v1.1.0-sigstore"
        let model = historical(name)
        let result = try ProcessRunner.cli(arguments(name, model: model, signature: model + "/model.sig") + ["--use_staging"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("which the trusted root does not list"))
    }

    @Test func trustConfigFile() throws {
        // An older snapshot of the public-good root, as a ClientTrustConfig (snake_case signing_config).
        let config = TestEnvironment.vector("oms/goldens/_signing/testdata/custom_trust_config.json").path
        let name = "v1.0.0-sigstore"
        let model = historical(name)
        let ok = try ProcessRunner.cli(arguments(name, model: model, signature: model + "/model.sig") + ["--trust-config", config])
        #expect(ok.status == 0, "\(ok.stderr)")
        // sigstore-python's sample config (production Rekor v1 and Fulcio), with underscore spelling.
        let sample = TestEnvironment.vector("sigstore/bundles/sigstore-python/trust_config/config.v1.json").path
        let alsoOK = try ProcessRunner.cli(arguments(name, model: model, signature: model + "/model.sig") + ["--trust_config", sample])
        #expect(alsoOK.status == 0, "\(alsoOK.stderr)")
        // sigstore-python's TSA test config: staging Rekor and Fulcio.
        let staging = TestEnvironment.vector("sigstore/bundles/sigstore-python/tsa/trust_config.json").path
        let fails = try ProcessRunner.cli(arguments(name, model: model, signature: model + "/model.sig") + ["--trust-config", staging])
        #expect(fails.status == 1)
        let bad = TestEnvironment.vector("sigstore/bundles/sigstore-python/trust_config/config.badtype.json").path
        let badResult = try ProcessRunner.cli(arguments(name, model: model, signature: model + "/model.sig") + ["--trust-config", bad])
        #expect(badResult.status == 1)
        #expect(badResult.stderr.contains("unsupported media type"))
    }

    @Test func sigstoreIsTheDefaultMethod() throws {
        let model = historical("v1.0.0-sigstore")
        let result = try ProcessRunner.cli(["verify", model, "--signature", model + "/model.sig", "--identity", Self.identity,
                                            "--identity-provider", Self.issuer])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func keyBundleIsAClearError() throws {
        let model = historical("v1.1.0-elliptic-key")
        let result = try ProcessRunner.cli(["verify", "sigstore", model, "--signature", model + "/model.sig", "--identity", Self.identity,
                                            "--identity-provider", Self.issuer])
        #expect(result.status == 1)
        #expect(result.stderr.contains("publicKey material"))
    }

    @Test func jsonOutput() throws {
        let name = "v1.1.0-sigstore"
        let model = historical(name)
        let result = try ProcessRunner.cli(arguments(name, model: model, signature: model + "/model.sig") + ["--json"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("\"signer\":\"stefanb@us.ibm.com (issuer https://sigstore.verify.ibm.com/oauth2)\""))
    }
}
