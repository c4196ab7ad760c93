import Foundation
import ModelSigningTestSupport
import Sigstore
import SigstoreLocal
import Testing

/// sigstore-python 4.5.1 signs and attests against the loopback stack (Rekor v1 and v2); its
/// own `verify identity`, our `verify-bundle` CLI and our library verifier accept the bundles,
/// and refuse another identity.
@Suite(.serialized) struct SigstorePythonInteropTests {
    enum Mode: String, Sendable, CaseIterable { case sign, attest }

    struct Case: Sendable, CustomTestStringConvertible {
        var mode: Mode
        var rekorVersion: Int
        var testDescription: String { "\(mode.rawValue) with Rekor v\(rekorVersion)" }
    }

    static let cases = [1, 2].flatMap { version in Mode.allCases.map { Case(mode: $0, rekorVersion: version) } }

    @Test(arguments: cases)
    func signVerify(_ testCase: Case) async throws {
        try await LocalSigstoreHTTPTests.withStack(rekorVersion: testCase.rekorVersion) { stack, directory in
            let artifact = try directory.write("artifact.txt", "hello from sigstore-local \(UUID())\n")
            let bundle = directory.appending("artifact.sigstore.json")
            var arguments = ["--trust-config", stack.trustConfigPath, testCase.mode.rawValue,
                             "--identity-token", stack.identityToken, "--bundle", bundle.path]
            if testCase.mode == .attest {
                let predicate = try directory.write("predicate.json", """
                    {"buildDefinition": {"buildType": "https://example.com/build", "externalParameters": {}},
                     "runDetails": {"builder": {"id": "https://example.com/builder"}}}
                    """)
                arguments += ["--predicate-type", "https://slsa.dev/provenance/v1", "--predicate", predicate.path]
            }
            let signing = try await Interop.sigstore(arguments + [artifact.path])
            try #require(signing.succeeded, "sigstore \(testCase.mode.rawValue): \(signing.summary)")
            let bundleBytes = try Data(contentsOf: bundle)
            let bundleText = String(decoding: bundleBytes, as: UTF8.self)
            #expect(bundleText.contains(testCase.rekorVersion == 2 ? "\"0.0.2\"" : "\"0.0.1\""))

            // sigstore-python's own verifier (proves the stack speaks the protocol).
            let theirs = try await Interop.sigstore([
                "--trust-config", stack.trustConfigPath, "verify", "identity", "--bundle", bundle.path,
                "--cert-identity", stack.identity, "--cert-oidc-issuer", stack.issuer, artifact.path])
            #expect(theirs.succeeded, "sigstore verify identity: \(theirs.summary)")

            // Our CLI.
            let ours = try await Interop.ours([
                "verify-bundle", artifact.path, "--bundle", bundle.path, "--trust-config", stack.trustConfigPath,
                "--certificate-identity", stack.identity, "--certificate-oidc-issuer", stack.issuer])
            #expect(ours.succeeded, "model-signing verify-bundle: \(ours.summary)")
            let wrongIdentity = try await Interop.ours([
                "verify-bundle", artifact.path, "--bundle", bundle.path, "--trust-config", stack.trustConfigPath,
                "--certificate-identity", "someone-else@loopback.test", "--certificate-oidc-issuer", stack.issuer])
            #expect(!wrongIdentity.succeeded && wrongIdentity.stderr.contains("identity"), "\(wrongIdentity.summary)")

            // Our library.
            let trustedRoot = try TrustedRoot(contentsOf: URL(fileURLWithPath: stack.trustedRootPath))
            let parsed = try SigstoreBundle.parse(Array(bundleBytes))
            let verifier = SigstoreVerifier(trustedRoot: trustedRoot, policy: .identity(stack.identity, issuer: stack.issuer))
            let result = try await verifier.verify(parsed, artifact: .file(artifact))
            #expect(result.identity?.subjectAlternativeNames == [stack.identity])
            let stranger = SigstoreVerifier(trustedRoot: trustedRoot, policy: .identity("someone-else@loopback.test", issuer: stack.issuer))
            await #expect(throws: SigstoreVerificationError.self) { _ = try await stranger.verify(parsed, artifact: .file(artifact)) }
        }
    }
}
