import Foundation
import ModelSigningTestSupport
import SigstoreLocal
import Testing

/// The reference `model_signing` 1.1.1 signs a model keylessly against the loopback stack
/// (its trust config selecting Rekor v1, then v2); its own verify and our
/// `model-signing verify sigstore` accept the signature, and refuse another identity.
@Suite(.serialized) struct ReferenceSigstoreInteropTests {
    @Test(arguments: [1, 2])
    func referenceSignsWeVerify(rekorVersion: Int) async throws {
        try await LocalSigstoreHTTPTests.withStack(rekorVersion: rekorVersion) { stack, directory in
            let model = directory.appending("model")
            _ = try directory.write("model/config.json", "{\"layers\": 2}\n")
            _ = try directory.write("model/weights.bin", String(repeating: "w", count: 10_000))
            _ = try directory.write("model/sub/tokenizer.txt", "a b c\n")
            let signature = directory.appending("model.sig")
            let signing = try await Interop.reference([
                "sign", "sigstore", model.path, "--signature", signature.path, "--trust_config", stack.trustConfigPath,
                "--identity_token", stack.identityToken])
            try #require(signing.succeeded, "reference sign sigstore: \(signing.summary)")
            let text = try String(contentsOf: signature, encoding: .utf8)
            #expect(text.contains(rekorVersion == 2 ? "hashedrekord" : "dsse"))

            let theirs = try await Interop.reference([
                "verify", "sigstore", model.path, "--signature", signature.path, "--trust_config", stack.trustConfigPath,
                "--identity", stack.identity, "--identity_provider", stack.issuer])
            #expect(theirs.succeeded, "reference verify sigstore: \(theirs.summary)")

            let ours = try await Interop.ours([
                "verify", "sigstore", model.path, "--signature", signature.path, "--trust-config", stack.trustConfigPath,
                "--identity", stack.identity, "--identity-provider", stack.issuer])
            #expect(ours.succeeded, "model-signing verify sigstore: \(ours.summary)")
            let stranger = try await Interop.ours([
                "verify", "sigstore", model.path, "--signature", signature.path, "--trust-config", stack.trustConfigPath,
                "--identity", "someone-else@loopback.test", "--identity-provider", stack.issuer])
            #expect(!stranger.succeeded, "\(stranger.summary)")
        }
    }
}
