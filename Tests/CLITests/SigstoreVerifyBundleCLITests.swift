import Foundation
import ModelSigningTestSupport
import Testing

/// `model-signing verify-bundle` on the vector bundles, with the outcomes of the vectors README.
@Suite(.enabled(if: TestEnvironment.hasCLI && TestEnvironment.hasVectors, "needs the model-signing binary and the vectors"))
struct SigstoreVerifyBundleCLITests {
    struct Case: Sendable, CustomTestStringConvertible {
        var bundle: String
        var artifact: String
        var options: [String]
        var verifies: Bool
        /// A phrase the error must contain (for failures).
        var reason: String = ""
        var testDescription: String { bundle + (verifies ? " verifies" : " fails") }
    }

    static let go = "sigstore/bundles/sigstore-go/"
    static let py = "sigstore/bundles/sigstore-python/"
    static let java = "sigstore/bundles/sigstore-java/"
    static let artifact = java + "artifact.txt"
    static let google = "https://accounts.google.com"
    static let gha = "https://token.actions.githubusercontent.com"
    static let ghOAuth = "https://github.com/login/oauth"
    static let appu = ["--certificate-identity", "appu@google.com", "--certificate-oidc-issuer", google]
    static let sa = ["--certificate-identity", "untrusted-sa@sigstore-conformance.iam.gserviceaccount.com", "--certificate-oidc-issuer", google]
    static let beacon = ["--certificate-identity", "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main",
                         "--certificate-oidc-issuer", gha]
    static let anyIdentity = ["--certificate-identity-regexp", ".*", "--certificate-oidc-issuer-regexp", ".*"]
    static let william = ["--certificate-identity", "william@yossarian.net", "--certificate-oidc-issuer", ghOAuth]
    static let aaronlew = ["--certificate-identity", "aaronlew@google.com", "--certificate-oidc-issuer", google]

    static let cases: [Case] = [
        Case(bundle: go + "bundles/sigstore.js@2.0.0-provenance.sigstore.json",
             artifact: "sha512:46d4e2f74c4877316640000a6fdf8a8b59f1e0847667973e9859f774dd31b8f1e0937813b777fb66a2ac67d50540fe34640966eee9fc2ccca387082b4c85cd3c",
             options: ["--certificate-identity", "https://github.com/sigstore/sigstore-js/.github/workflows/release.yml@refs/heads/main",
                       "--certificate-oidc-issuer", gha, "--trusted-root", go + "trusted-roots/public-good.json"], verifies: true),
        Case(bundle: go + "bundles/dsse.sigstore.json",
             artifact: "sha512:bbfd372fc9beeb777fe35d05bb10c0c70a9733d366a75fed7dd18866c7391de3ee7e88ba74dd47abf3e15c845e547fcf0e5c3da80854c751554224d3a6d4e55f",
             options: ["--certificate-identity", "brian@dehamer.com", "--certificate-oidc-issuer", ghOAuth], verifies: true),
        Case(bundle: go + "bundles/dsse-2sigs.sigstore.json", artifact: "sha256:" + String(repeating: "0", count: 64), options: anyIdentity,
             verifies: false, reason: "bundle structure"),  // 2 DSSE signatures
        Case(bundle: go + "bundles/othername.sigstore.json", artifact: "sha256:bc103b4a84971ef6459b294a2b98568a2bfb72cded09d4acd1e16366a401f95b",
             options: ["--certificate-identity", "foo!oidc.local", "--certificate-oidc-issuer", "http://oidc.local:8080",
                       "--trusted-root", go + "trusted-roots/scaffolding.json"], verifies: true),
        Case(bundle: go + "bundles/othername.sigstore.json", artifact: "sha256:bc103b4a84971ef6459b294a2b98568a2bfb72cded09d4acd1e16366a401f95b",
             options: ["--certificate-identity", "foo@oidc.local", "--certificate-oidc-issuer", "http://oidc.local:8080",
                       "--trusted-root", go + "trusted-roots/scaffolding.json"], verifies: false, reason: "identity"),
        Case(bundle: go + "bundles/public-key-validity.sigstore.json", artifact: "sha256:6ae8a75555209fd6c44157c0aed8016e763ff435a19cf186f76863140143ff72",
             options: ["--key", go + "public-keys/public-key-validity.pem", "--trusted-root", go + "trusted-roots/public-key-validity.json"],
             verifies: true),
        Case(bundle: py + "bundle.txt.sigstore", artifact: py + "bundle.txt",
             options: ["--certificate-identity", "a@tny.town", "--certificate-oidc-issuer", ghOAuth, "--staging"], verifies: true),
        Case(bundle: py + "bundle.txt.sigstore", artifact: py + "bundle.txt",
             options: ["--certificate-identity", "b@tny.town", "--certificate-oidc-issuer", ghOAuth, "--staging"], verifies: false, reason: "identity"),
        Case(bundle: py + "bundle_v3.txt.sigstore", artifact: py + "bundle_v3.txt", options: william + ["--staging"], verifies: true),
        Case(bundle: py + "bundle_v3_alt.txt.sigstore", artifact: py + "bundle_v3_alt.txt", options: william + ["--staging"], verifies: true),
        Case(bundle: py + "bundle_v3_github.whl.sigstore", artifact: py + "bundle_v3_github.whl",
             options: ["--certificate-identity", "https://github.com/trailofbits/rfc8785.py/.github/workflows/release.yml@refs/tags/v0.1.2",
                       "--certificate-oidc-issuer", gha], verifies: true),
        Case(bundle: py + "bundle_v3_no_signed_time.txt.sigstore.json", artifact: py + "bundle_v3_no_signed_time.txt", options: anyIdentity,
             verifies: false, reason: "inclusion promise (SET) or an RFC 3161 timestamp"),
        Case(bundle: py + "bundle_cve_2022_36056.txt.sigstore", artifact: py + "bundle_cve_2022_36056.txt", options: william + ["--staging"],
             verifies: false, reason: "log entry body"),
        Case(bundle: py + "bundle_invalid_version.txt.sigstore", artifact: py + "bundle_invalid_version.txt", options: anyIdentity + ["--staging"],
             verifies: false, reason: "unsupported bundle media type"),
        Case(bundle: py + "bundle_no_cert_v1.txt.sigstore", artifact: py + "bundle_no_cert_v1.txt", options: anyIdentity,
             verifies: false, reason: "x509CertificateChain.certificates is empty"),
        Case(bundle: py + "bundle_no_checkpoint.txt.sigstore", artifact: py + "bundle_no_checkpoint.txt", options: anyIdentity + ["--staging"],
             verifies: false, reason: "no checkpoint"),
        Case(bundle: py + "bundle_no_log_entry.txt.sigstore", artifact: py + "bundle_no_log_entry.txt", options: anyIdentity,
             verifies: false, reason: "no transparency log entry"),
        Case(bundle: py + "staging-rekor-v2.txt.sigstore.json", artifact: py + "staging-rekor-v2.txt",
             options: ["--certificate-identity", "jku@goto.fi", "--certificate-oidc-issuer", ghOAuth, "--staging"], verifies: true),
        Case(bundle: py + "a.dsse.staging-rekor-v2.txt.sigstore.json", artifact: artifact, options: beacon + ["--staging"], verifies: true),
        Case(bundle: py + "tsa/bundle.txt.sigstore", artifact: py + "tsa/bundle.txt",
             options: ["--certificate-identity", "alexis.challande@trailofbits.com", "--certificate-oidc-issuer", google, "--staging"], verifies: true),
        Case(bundle: py + "tsa/bundle.duplicate.sigstore", artifact: py + "tsa/bundle.txt", options: anyIdentity + ["--staging"],
             verifies: false, reason: "duplicate timestamps"),
        Case(bundle: py + "tsa/bundle.many_timestamp.sigstore", artifact: py + "tsa/bundle.txt", options: anyIdentity + ["--staging"],
             verifies: false, reason: "at most 32"),
        Case(bundle: py + "tsa/bundle.txt.late_timestamp.sigstore", artifact: py + "tsa/bundle.txt", options: anyIdentity + ["--staging"],
             verifies: false, reason: "outside the signing certificate's validity"),
        Case(bundle: java + "bundle.sigstore", artifact: artifact, options: appu, verifies: true),
        Case(bundle: java + "bundle.v1.sigstore", artifact: artifact, options: appu, verifies: true),
        Case(bundle: java + "bundle.v2.sigstore", artifact: artifact, options: appu, verifies: true),
        Case(bundle: java + "bundle.v3.sigstore", artifact: artifact, options: appu, verifies: true),
        Case(bundle: java + "bundle.v3_1.sigstore", artifact: artifact, options: appu, verifies: true),
        Case(bundle: java + "bundle.v1.no.inclusion.sigstore", artifact: artifact, options: appu, verifies: true),
        Case(bundle: java + "bundle.v2.no.inclusion.sigstore", artifact: artifact, options: appu, verifies: false, reason: "needs an inclusion proof"),
        Case(bundle: java + "bundle.v3.no.inclusion.sigstore", artifact: artifact, options: appu, verifies: false, reason: "needs an inclusion proof"),
        Case(bundle: java + "bundle.v3_1.no.inclusion.sigstore", artifact: artifact, options: appu, verifies: false, reason: "needs an inclusion proof"),
        Case(bundle: java + "bundle-no-digest.sigstore", artifact: artifact, options: appu, verifies: true),
        Case(bundle: java + "bundle-with-bad-checkpoint-signature.sigstore", artifact: artifact, options: beacon,
             verifies: false, reason: "checkpoint signature invalid"),
        Case(bundle: java + "bundle-with-mismatched-set.sigstore", artifact: artifact, options: beacon, verifies: false, reason: "SET signature invalid"),
        Case(bundle: java + "bundle-with-wrong-tlog-entry.sigstore", artifact: artifact, options: appu, verifies: false, reason: "log entry body"),
        Case(bundle: java + "bundle-with-expired-cert.sigstore", artifact: artifact, options: sa, verifies: false,
             reason: "outside the signing certificate's validity"),
        Case(bundle: java + "bundle-with-timestamp.sigstore", artifact: artifact, options: aaronlew + ["--staging"], verifies: true),
        Case(bundle: java + "bundle-with-rekor-v2-entry.sigstore", artifact: artifact, options: aaronlew + ["--staging"], verifies: true),
        Case(bundle: java + "PKIX_ECDSA_P256_SHA_256.sigstore.json", artifact: artifact, options: sa, verifies: true),
        Case(bundle: java + "PKIX_ECDSA_P256_SHA_256.sigstore.json", artifact: "sha256:a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf",
             options: sa, verifies: true),
        Case(bundle: java + "PKIX_ECDSA_P384_SHA_384.sigstore.json", artifact: artifact, options: sa, verifies: true),
        Case(bundle: java + "PKIX_ECDSA_P521_SHA_512.sigstore.json", artifact: artifact, options: sa, verifies: true),
        Case(bundle: java + "PKIX_RSA_PKCS1V15_2048_SHA256.sigstore.json", artifact: artifact, options: sa, verifies: true),
        Case(bundle: java + "PKIX_RSA_PKCS1V15_3072_SHA256.sigstore.json", artifact: artifact, options: sa, verifies: true),
        Case(bundle: java + "PKIX_RSA_PKCS1V15_4096_SHA256.sigstore.json", artifact: artifact, options: sa, verifies: true),
        Case(bundle: java + "bundle.dsse.sigstore", artifact: artifact,
             options: ["--certificate-identity", "https://github.com/loosebazooka/aa-test/.github/workflows/provenance.yaml@refs/heads/main",
                       "--certificate-oidc-issuer", gha], verifies: true),
        Case(bundle: java + "bundle.dsse.sigstore", artifact: "sha256:999aaa8645bb72ff599e143b1e3d2a94777127f4783a69f067251f7bbebc5ab6",
             options: anyIdentity, verifies: false, reason: "not a subject"),
        Case(bundle: java + "bundle.dsse.bad-signature.sigstore", artifact: artifact, options: anyIdentity, verifies: false, reason: "DSSE signature invalid"),
        Case(bundle: java + "bundle.dsse.mismatched-envelope.sigstore", artifact: artifact, options: beacon, verifies: false, reason: "payloadHash"),
        Case(bundle: java + "bundle.dsse.mismatched-signature.sigstore", artifact: artifact, options: beacon, verifies: false, reason: "log entry body"),
        Case(bundle: java + "bundle.dsse.rekor-v2.sigstore", artifact: artifact, options: sa, verifies: true),
        Case(bundle: java + "bundle.dsse.rekor-v2.bad-signature.sigstore", artifact: artifact, options: beacon + ["--staging"],
             verifies: false, reason: "DSSE signature invalid"),
        Case(bundle: java + "bundle.dsse.rekor-v2.mismatched-envelope.sigstore", artifact: artifact, options: beacon + ["--staging"],
             verifies: false, reason: "log entry body"),
        Case(bundle: java + "bundle.dsse.rekor-v2.mismatched-signature.sigstore", artifact: artifact, options: beacon + ["--staging"],
             verifies: false, reason: "log entry body"),
        Case(bundle: java + "bundle.dsse.rekor-v2.bad-entry-type.sigstore", artifact: artifact, options: aaronlew + ["--staging"],
             verifies: false, reason: "is not accepted for a DSSE bundle"),
    ]

    @Test(arguments: cases)
    func outcome(_ testCase: Case) throws {
        func vector(_ option: String) -> String {
            option.hasPrefix("sigstore/") ? TestEnvironment.vector(option).path : option
        }
        let artifact = testCase.artifact.contains(":") ? testCase.artifact : vector(testCase.artifact)
        let result = try ProcessRunner.cli(["verify-bundle", artifact, "--bundle", vector(testCase.bundle)] + testCase.options.map(vector))
        if testCase.verifies {
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout == "Verification succeeded\n")
        } else {
            #expect(result.status == 1)
            #expect(result.stderr.hasPrefix("Verification failed with error: "))
            #expect(result.stderr.contains(testCase.reason), "\(result.stderr)")
        }
    }

    @Test func githubPrivateRootNeedsTheTlogAndCTChecksTurnedOff() throws {
        // GitHub's private instance has no transparency log and no CT: the bundle verifies only
        // when both requirements are explicitly dropped, and its RFC 3161 timestamp gives the time.
        let work = try TemporaryDirectory()
        defer { work.remove() }
        let lines = try String(contentsOf: TestEnvironment.vector(Self.java + "github-private-no-tlog/trusted_root.jsonl"), encoding: .utf8)
            .split(separator: "\n")
        let root = try work.write("root.json", String(lines[1]))
        func run(_ options: [String], digest: String = "caa015ef69e9bc31a41322d6c71563ed9600c75bb988e4d639b1edc578580551") throws -> ProcessResult {
            try ProcessRunner.cli(["verify-bundle", "sha256:" + digest,
                                   "--bundle", TestEnvironment.vector(Self.java + "github-private-no-tlog/attestation.sigstore.json").path,
                                   "--trusted-root", root.path, "--certificate-identity-regexp", "https://github.com/neverendingsupport/.*",
                                   "--certificate-oidc-issuer", Self.gha] + options)
        }
        let strict = try run([])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("no transparency log entry"), "\(strict.stderr)")
        let noSCT = try run(["--insecure-ignore-tlog"])
        #expect(noSCT.status == 1, "the certificate has no SCT either")
        let relaxed = try run(["--insecure-ignore-tlog", "--insecure-ignore-sct"])
        #expect(relaxed.status == 0, "\(relaxed.stderr)")
        #expect(relaxed.stdout == "Verification succeeded\n")
        let otherDigest = try run(["--insecure-ignore-tlog", "--insecure-ignore-sct"], digest: String(repeating: "0", count: 64))
        #expect(otherDigest.status == 1)
    }

    @Test func requireInclusionProofRefusesASETOnlyV1Bundle() throws {
        let bundle = TestEnvironment.vector(Self.java + "bundle.v1.no.inclusion.sigstore").path
        let file = TestEnvironment.vector(Self.artifact).path
        let lenient = try ProcessRunner.cli(["verify-bundle", file, "--bundle", bundle] + Self.anyIdentity)
        let strict = try ProcessRunner.cli(["verify-bundle", file, "--bundle", bundle, "--require-inclusion-proof"] + Self.anyIdentity)
        #expect(lenient.status == 0, "\(lenient.stderr)")
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("inclusion proof"), "\(strict.stderr)")
    }

    @Test func jsonReportsWhatWasEstablished() throws {
        let result = try ProcessRunner.cli(["verify-bundle", TestEnvironment.vector(Self.artifact).path, "--bundle",
                                            TestEnvironment.vector(Self.java + "bundle-with-timestamp.sigstore").path, "--staging", "--json"]
                                           + Self.aaronlew)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"identities\":[\"aaronlew@google.com\"]"))
        #expect(result.stdout.contains("\"issuer\":\"https://accounts.google.com\""))
        #expect(result.stdout.contains("\"log\":\"https://rekor.sigstage.dev\""))
        #expect(result.stdout.contains("timestamp from https://timestamp.sigstage.dev"))
    }

    @Test func usageErrors() throws {
        let bundle = TestEnvironment.vector(Self.java + "bundle.sigstore").path
        let file = TestEnvironment.vector(Self.artifact).path
        // Neither identity nor key; a key with an identity; only half of the identity.
        for options in [[String](), ["--key", file] + Self.appu, ["--certificate-identity", "appu@google.com"]] {
            let result = try ProcessRunner.cli(["verify-bundle", file, "--bundle", bundle] + options)
            #expect(result.status != 0)
        }
        // A malformed digest and a missing file.
        let short = try ProcessRunner.cli(["verify-bundle", "sha256:abcd", "--bundle", bundle] + Self.appu)
        #expect(short.status == 1)
        #expect(short.stderr.contains("not a sha256 digest"))
        let missing = try ProcessRunner.cli(["verify-bundle", "/nonexistent/file", "--bundle", bundle] + Self.appu)
        #expect(missing.status == 1)
    }

    @Test func regularExpressionsAreExplicit() throws {
        let bundle = TestEnvironment.vector(Self.java + "bundle.sigstore").path
        let file = TestEnvironment.vector(Self.artifact).path
        let pattern = try ProcessRunner.cli(["verify-bundle", file, "--bundle", bundle, "--certificate-identity", ".*@google.com",
                                             "--certificate-oidc-issuer", Self.google])
        #expect(pattern.status == 1)
        let regexp = try ProcessRunner.cli(["verify-bundle", file, "--bundle", bundle, "--certificate-identity-regexp", #"[a-z]+@google\.com"#,
                                            "--certificate-oidc-issuer", Self.google])
        #expect(regexp.status == 0, "\(regexp.stderr)")
    }
}
