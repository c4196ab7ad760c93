import Foundation
import ModelSigningTestSupport
import Testing

/// `verify sigstore` and `verify-bundle` share one trust-root loader and accept the same
/// spellings: `--use-staging`, `--use_staging`, `--staging`; `--trust-config`, `--trust_config`.
@Suite(.enabled(if: TestEnvironment.hasCLI && TestEnvironment.hasVectors, "needs the model-signing binary and the vectors"))
struct TrustRootOptionsCLITests {
    static let stagingSpellings = ["--use-staging", "--use_staging", "--staging"]
    static let java = "sigstore/bundles/sigstore-java/"

    @Test(arguments: stagingSpellings)
    func verifyBundleTrustsStaging(_ flag: String) throws {
        let result = try ProcessRunner.cli(["verify-bundle", TestEnvironment.vector(Self.java + "artifact.txt").path,
                                            "--bundle", TestEnvironment.vector(Self.java + "bundle-with-timestamp.sigstore").path,
                                            "--certificate-identity", "aaronlew@google.com",
                                            "--certificate-oidc-issuer", "https://accounts.google.com", flag])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "Verification succeeded\n")
    }

    @Test(arguments: stagingSpellings)
    func verifySigstoreTrustsStaging(_ flag: String) throws {
        // A production signature: the staging root does not list its log, whatever the spelling.
        let model = TestEnvironment.vector("oms/historical/v1.1.0-sigstore").path
        let arguments = ["verify", "sigstore", model, "--signature", model + "/model.sig", "--identity", "stefanb@us.ibm.com",
                         "--identity-provider", "https://sigstore.verify.ibm.com/oauth2", "--ignore-paths", model + "/ignore-me"]
        let production = try ProcessRunner.cli(arguments)
        #expect(production.status == 0, "\(production.stderr)")
        let staging = try ProcessRunner.cli(arguments + [flag])
        #expect(staging.status == 1)
        #expect(staging.stderr.contains("which the trusted root does not list"), "\(staging.stderr)")
    }

    @Test(arguments: ["--trust-config", "--trust_config"])
    func verifyBundleReadsATrustConfig(_ flag: String) throws {
        let config = TestEnvironment.vector("oms/goldens/_signing/testdata/custom_trust_config.json").path
        let result = try ProcessRunner.cli(["verify-bundle", TestEnvironment.vector(Self.java + "artifact.txt").path,
                                            "--bundle", TestEnvironment.vector(Self.java + "bundle.sigstore").path,
                                            "--certificate-identity", "appu@google.com",
                                            "--certificate-oidc-issuer", "https://accounts.google.com", flag, config])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func anInstanceExcludesStagingInBothCommands() throws {
        let model = TestEnvironment.vector("oms/historical/v1.1.0-sigstore").path
        let verify = try ProcessRunner.cli(["verify", "sigstore", model, "--signature", model + "/model.sig", "--identity", "a@b.c",
                                            "--identity-provider", "https://issuer.example", "--instance", "https://tuf.example",
                                            "--staging"])
        #expect(verify.status != 0)
        #expect(verify.stderr.contains("--instance cannot be combined"), "\(verify.stderr)")
        let bundle = try ProcessRunner.cli(["verify-bundle", "sha256:" + String(repeating: "0", count: 64), "--bundle", model + "/model.sig",
                                            "--certificate-identity", "a@b.c", "--certificate-oidc-issuer", "https://issuer.example",
                                            "--instance", "https://tuf.example", "--use_staging"])
        #expect(bundle.status != 0)
        #expect(bundle.stderr.contains("--instance cannot be combined"), "\(bundle.stderr)")
    }
}
