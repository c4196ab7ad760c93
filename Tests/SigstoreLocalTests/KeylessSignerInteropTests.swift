import Crypto
import Foundation
import ModelSigningTestSupport
import Sigstore
import SigstoreLocal
import Testing

/// Proof item 2 of issue 10: bundles made by our `sign sigstore` / `sign-bundle` against the
/// loopback Sigstore (Rekor v1 and v2) verify with sigstore-python, with the reference
/// `model_signing`, and with our own verifiers.
@Suite(.serialized) struct KeylessSignerInteropTests {
    struct Context {
        let stack: LocalSigstore
        let directory: TemporaryDirectory
        let tokenFile: String
        func trustConfig(_ rekorVersion: Int) -> String { stack.directory + "/trust_config_rekor_v\(rekorVersion).json" }
    }

    static func withStack(_ body: (Context) async throws -> Void) async throws {
        let directory = try TemporaryDirectory("keyless-interop")
        let stack = try await LocalSigstore.start(directory: directory.appending("stack").path)
        do {
            let tokenFile = try directory.write("token", stack.identityToken).path
            try await body(Context(stack: stack, directory: directory, tokenFile: tokenFile))
            await stack.stop()
            directory.remove()
        } catch {
            await stack.stop()
            directory.remove()
            throw error
        }
    }

    static func model(in directory: TemporaryDirectory) throws -> String {
        _ = try directory.write("model/weights.bin", Data(repeating: 3, count: 50_000))
        _ = try directory.write("model/tokenizer.json", "{\"vocab\": {}}\n")
        return directory.appending("model").path
    }

    @Test(arguments: [1, 2]) func modelSignatureVerifiesWithTheReferenceAndUs(rekorVersion: Int) async throws {
        try await Self.withStack { context in
            let model = try Self.model(in: context.directory)
            let signature = context.directory.appending("model-v\(rekorVersion).sig").path
            let signed = try await Interop.ours(["sign", "sigstore", model, "--trust-config", context.trustConfig(rekorVersion),
                                                 "--identity-token", "@" + context.tokenFile, "--signature", signature, "--json"])
            #expect(signed.status == 0, "\(signed.summary)")
            #expect(signed.stdout.contains("\"certificate_identity\":\"\(context.stack.identity)\""), "\(signed.stdout)")
            #expect(signed.stdout.contains("\"log_index\":"), "\(signed.stdout)")
            #expect(signed.stderr.contains("Uploading to the transparency log"), "progress goes to stderr")

            let reference = try await Interop.reference(["verify", "sigstore", model, "--signature", signature,
                                                         "--identity", context.stack.identity,
                                                         "--identity_provider", context.stack.issuer,
                                                         "--trust_config", context.trustConfig(rekorVersion)])
            #expect(reference.status == 0, "reference: \(reference.summary)")
            let ours = try await Interop.ours(["verify", "sigstore", model, "--signature", signature,
                                               "--identity", context.stack.identity, "--identity-provider", context.stack.issuer,
                                               "--trust-config", context.trustConfig(rekorVersion)])
            #expect(ours.status == 0, "ours: \(ours.summary)")
        }
    }

    @Test func signWithoutAMethodMeansSigstore() async throws {
        try await Self.withStack { context in
            let model = try Self.model(in: context.directory)
            let signature = context.directory.appending("default.sig").path
            let signed = try await Interop.ours(["sign", model, "--trust_config", context.trustConfig(1),
                                                 "--identity_token", "@" + context.tokenFile, "--signature", signature])
            #expect(signed.status == 0, "\(signed.summary)")
            #expect(signed.stdout == "Signing succeeded\n")
            let reference = try await Interop.reference(["verify", model, "--signature", signature, "--identity", context.stack.identity,
                                                         "--identity_provider", context.stack.issuer,
                                                         "--trust_config", context.trustConfig(1)])
            #expect(reference.status == 0, "reference: \(reference.summary)")
        }
    }

    @Test(arguments: [1, 2]) func artifactBundleVerifiesWithSigstorePython(rekorVersion: Int) async throws {
        try await Self.withStack { context in
            let artifact = try context.directory.write("artifact.txt", "an artifact\n").path
            let bundle = context.directory.appending("artifact-v\(rekorVersion).sigstore.json").path
            // The stack's signing_config.json names Rekor v1 only; v2 comes from its v2 trust config.
            let trust = rekorVersion == 1
                ? ["--trusted-root", context.stack.trustedRootPath, "--signing-config", context.stack.directory + "/signing_config.json"]
                : ["--trust-config", context.trustConfig(2)]
            let signed = try await Interop.ours(["sign-bundle", artifact, "--bundle", bundle, "--identity-token", "@" + context.tokenFile,
                                                 "--rekor-version", String(rekorVersion)] + trust)
            #expect(signed.status == 0, "\(signed.summary)")
            let python = try await Interop.sigstore(["--trust-config", context.trustConfig(rekorVersion), "verify", "identity",
                                                     "--bundle", bundle, "--cert-identity", context.stack.identity,
                                                     "--cert-oidc-issuer", context.stack.issuer, artifact])
            #expect(python.status == 0, "sigstore-python: \(python.summary)")
            let ours = try await Interop.ours(["verify-bundle", artifact, "--bundle", bundle, "--certificate-identity", context.stack.identity,
                                               "--certificate-oidc-issuer", context.stack.issuer,
                                               "--trusted-root", context.stack.trustedRootPath])
            #expect(ours.status == 0, "ours: \(ours.summary)")
        }
    }

    @Test(arguments: [1, 2]) func inTotoBundleVerifiesWithSigstorePython(rekorVersion: Int) async throws {
        try await Self.withStack { context in
            let artifact = try context.directory.write("subject.bin", Data(repeating: 9, count: 1000))
            let digest = SHA256.hash(data: Data(repeating: 9, count: 1000)).map { String(format: "%02x", $0) }.joined()
            let statement = try context.directory.write("statement.json", """
                {"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"subject.bin","digest":{"sha256":"\(digest)"}}],\
                "predicateType":"https://example.com/predicate/v1","predicate":{"note":"keyless"}}
                """).path
            let bundle = context.directory.appending("statement-v\(rekorVersion).sigstore.json").path
            let signed = try await Interop.ours(["sign-bundle", statement, "--in-toto", "--bundle", bundle,
                                                 "--identity-token", "@" + context.tokenFile,
                                                 "--trust-config", context.trustConfig(rekorVersion)])
            #expect(signed.status == 0, "\(signed.summary)")
            let python = try await Interop.sigstore(["--trust-config", context.trustConfig(rekorVersion), "verify", "identity",
                                                     "--bundle", bundle, "--cert-identity", context.stack.identity,
                                                     "--cert-oidc-issuer", context.stack.issuer, artifact.path])
            #expect(python.status == 0, "sigstore-python: \(python.summary)")
        }
    }

    @Test func failureWritesNothingAndExitsNonZero() async throws {
        try await Self.withStack { context in
            let model = try Self.model(in: context.directory)
            let signature = context.directory.appending("never.sig").path
            await context.stack.setFault(.rekorBadInclusionProof)
            let signed = try await Interop.ours(["sign", "sigstore", model, "--trust-config", context.trustConfig(1),
                                                 "--identity-token", "@" + context.tokenFile, "--signature", signature])
            await context.stack.setFault(nil)
            #expect(signed.status != 0)
            #expect(signed.stderr.contains("Signing failed with error:") && signed.stderr.contains("inclusion proof"), "\(signed.stderr)")
            #expect(!FileManager.default.fileExists(atPath: signature))
            let expired = try await Interop.ours(["sign-bundle", model + "/tokenizer.json", "--bundle", signature,
                                                  "--identity-token", context.stack.makeToken(expiresIn: -120),
                                                  "--trust-config", context.trustConfig(1)])
            #expect(expired.status != 0 && expired.stderr.contains("expired"), "\(expired.summary)")
            #expect(!FileManager.default.fileExists(atPath: signature))
        }
    }
}
