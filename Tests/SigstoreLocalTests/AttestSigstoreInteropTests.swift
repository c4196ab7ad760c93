import Foundation
import ModelSigningTestSupport
import Sigstore
import SigstoreLocal
import Testing

/// `attest sigstore` against the loopback Sigstore (Rekor v1 and v2): the attestation verifies
/// with `verify sigstore … --attestation` under the model signature's identity policy, and with
/// sigstore-python 4.5.1's `verify identity` on the model's root digest; another identity,
/// another model and an edited card are refused.
@Suite(.serialized) struct AttestSigstoreInteropTests {
    static let card = """
        ---
        license: apache-2.0
        language:
        - en
        - fr
        pipeline_tag: text-classification
        base_model: distilbert/distilbert-base-uncased
        datasets:
        - stanfordnlp/imdb
        model-index:
        - name: keyless-sentiment
          results:
          - task:
              type: text-classification
            dataset:
              type: stanfordnlp/imdb
              split: test
            metrics:
            - type: f1
              value: 0.93
        ---
        # keyless-sentiment

        ## Bias, Risks, and Limitations

        English and French film reviews only.
        """

    struct Work {
        let context: KeylessSignerInteropTests.Context
        let rekorVersion: Int
        var directory: TemporaryDirectory { context.directory }
        var stack: LocalSigstore { context.stack }
        var trustConfig: String { context.trustConfig(rekorVersion) }
        var model: String { directory.appending("model").path }
        var signature: String { directory.appending("model/model.sig").path }
        var attestation: String { directory.appending("model/model.att.sig").path }
        var card: String { directory.appending("model/README.md").path }

        /// Signs the model and attests its card, both keylessly as the stack's identity.
        func signAndAttest() async throws -> ProcessResult {
            _ = try KeylessSignerInteropTests.model(in: directory)
            try directory.write("model/README.md", AttestSigstoreInteropTests.card)
            let sign = try await Interop.ours(["sign", "sigstore", model, "--trust-config", trustConfig,
                                               "--identity-token", "@" + context.tokenFile, "--signature", signature])
            try #require(sign.status == 0, "sign: \(sign.summary)")
            let attest = try await Interop.ours(["attest", "sigstore", model, "--model-card", card, "--trust-config", trustConfig,
                                                 "--identity-token", "@" + context.tokenFile, "--signature", signature, "--json"])
            try #require(attest.status == 0, "attest: \(attest.summary)")
            return attest
        }

        func verify(_ extra: [String], model: String? = nil, signature: String? = nil) async throws -> ProcessResult {
            try await Interop.ours(["verify", "sigstore", model ?? self.model, "--signature", signature ?? self.signature,
                                    "--identity", stack.identity, "--identity-provider", stack.issuer,
                                    "--trust-config", trustConfig] + extra)
        }
    }

    static func withWork(rekorVersion: Int, _ body: (Work) async throws -> Void) async throws {
        try await KeylessSignerInteropTests.withStack { context in
            try await body(Work(context: context, rekorVersion: rekorVersion))
        }
    }

    static func jsonObject(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test(arguments: [1, 2]) func attestationVerifiesWithUsAndSigstorePython(rekorVersion: Int) async throws {
        try await Self.withWork(rekorVersion: rekorVersion) { work in
            let attest = try await work.signAndAttest()
            let attested = try Self.jsonObject(attest.stdout)
            #expect(attested["certificate_identity"] as? String == work.stack.identity, "\(attest.stdout)")
            #expect(attested["log_index"] is Int, "\(attest.stdout)")
            #expect(attested["attestation"] as? String == work.attestation, "default place beside the signature")

            // The attestation is a DSSE bundle logged in the Rekor version asked for.
            let bundle = try SigstoreBundle.parse(Array(try Data(contentsOf: URL(fileURLWithPath: work.attestation))))
            let envelope = try #require(bundle.dsseEnvelope)
            let statement = try #require(try JSONSerialization.jsonObject(with: Data(envelope.payload)) as? [String: Any])
            #expect(statement["predicateType"] as? String == "https://cyclonedx.org/bom")
            let bundleText = try String(contentsOfFile: work.attestation, encoding: .utf8)
            #expect(bundleText.contains(rekorVersion == 2 ? #""kind":"hashedrekord""# : #""kind":"dsse""#), "\(bundleText.prefix(600))")

            // Ours: the model and its card, facts returned.
            let ours = try await work.verify(["--attestation", work.attestation, "--model-card", work.card, "--json"])
            #expect(ours.status == 0, "ours: \(ours.summary)")
            let verified = try Self.jsonObject(ours.stdout)
            #expect((verified["attestation_signer"] as? String)?.contains(work.stack.identity) == true, "\(ours.stdout)")
            let facts = try #require(verified["model_card"] as? [String: Any])
            #expect(facts["name"] as? String == "keyless-sentiment")
            #expect(facts["license"] as? String == "apache-2.0")
            #expect(facts["languages"] as? [String] == ["en", "fr"])
            #expect(facts["datasets"] as? [String] == ["stanfordnlp/imdb"])
            #expect((facts["metrics"] as? [[String: Any]])?.first?["value"] as? String == "0.93")
            let text = try await work.verify(["--require-model-card"])
            #expect(text.status == 0, "\(text.summary)")
            #expect(text.stdout.contains("  license: apache-2.0\n"), "\(text.stdout)")

            // sigstore-python: the statement's subject is the model's root digest.
            let digest = try #require(verified["digest"] as? String)
            #expect(statement["subject"].flatMap { $0 as? [[String: Any]] }?.first?["digest"] as? [String: String]
                    == ["sha256": String(digest.dropFirst("sha256:".count))])
            let python = try await Interop.sigstore(["--trust-config", work.trustConfig, "verify", "identity",
                                                     "--bundle", work.attestation, "--cert-identity", work.stack.identity,
                                                     "--cert-oidc-issuer", work.stack.issuer, digest])
            #expect(python.status == 0, "sigstore-python: \(python.summary)")
            let otherDigest = "sha256:" + String(repeating: "ab", count: 32)
            let wrongSubject = try await Interop.sigstore(["--trust-config", work.trustConfig, "verify", "identity",
                                                           "--bundle", work.attestation, "--cert-identity", work.stack.identity,
                                                           "--cert-oidc-issuer", work.stack.issuer, otherDigest])
            #expect(wrongSubject.status != 0 && wrongSubject.stderr.contains("no subject for digest"), "\(wrongSubject.summary)")
            let wrongIdentity = try await Interop.sigstore(["--trust-config", work.trustConfig, "verify", "identity",
                                                            "--bundle", work.attestation, "--cert-identity", "someone-else@loopback.test",
                                                            "--cert-oidc-issuer", work.stack.issuer, digest])
            #expect(wrongIdentity.status != 0, "\(wrongIdentity.summary)")

            // sigstore-python's library: what Verifier.verify_dsse returns.
            let api = try await Self.dsseOracle(work, identity: work.stack.identity)
            #expect(api.status == 0, "verify_dsse: \(api.summary)")
            let returned = try Self.jsonObject(api.stdout)
            #expect(returned["payload_type"] as? String == "application/vnd.in-toto+json")
            #expect(returned["statement_type"] as? String == "https://in-toto.io/Statement/v1")
            #expect(returned["predicate_type"] as? String == "https://cyclonedx.org/bom")
            let subjects = try #require(returned["subjects"] as? [[String: Any]])
            #expect(subjects.count == 1)
            #expect(subjects.first?["name"] as? String == "model")
            #expect(subjects.first?["digest"] as? [String: String] == ["sha256": String(digest.dropFirst("sha256:".count))])
            let stranger = try await Self.dsseOracle(work, identity: "someone-else@loopback.test")
            #expect(stranger.status == 1 && stranger.stderr.contains("verification failed"), "\(stranger.summary)")
        }
    }

    /// scripts/sigstore_dsse_oracle.py: sigstore-python's `Verifier.verify_dsse` on the attestation.
    static func dsseOracle(_ work: Work, identity: String) async throws -> ProcessResult {
        let python = Interop.sigstoreCLI.deletingLastPathComponent().appendingPathComponent("python")
        let script = TestEnvironment.packageRoot.appendingPathComponent("scripts/sigstore_dsse_oracle.py").path
        return try await Interop.run(python, [script, work.trustConfig, work.attestation, identity, work.stack.issuer])
    }

    @Test func attestationByAnotherIdentityFails() async throws {
        try await Self.withWork(rekorVersion: 1) { work in
            _ = try await work.signAndAttest()
            let foreign = work.directory.appending("mallory.att.sig").path
            let attest = try await Interop.ours(["attest", "sigstore", work.model, "--model-card", work.card,
                                                 "--trust-config", work.trustConfig, "--signature", work.signature,
                                                 "--identity-token", work.stack.makeToken(email: "mallory@loopback.test"),
                                                 "--attestation", foreign])
            #expect(attest.status == 0, "\(attest.summary)")
            let verify = try await work.verify(["--attestation", foreign])
            #expect(verify.status == 1)
            #expect(verify.stderr.hasPrefix("Verification failed with error: "), "\(verify.stderr)")
            #expect(verify.stderr.contains("mallory.att.sig does not verify") && verify.stderr.contains("identity"), "\(verify.stderr)")
            // The one by the expected identity still verifies.
            let good = try await work.verify(["--attestation", work.attestation])
            #expect(good.status == 0, "\(good.summary)")
        }
    }

    @Test func attestationOfAnotherModelFails() async throws {
        try await Self.withWork(rekorVersion: 1) { work in
            _ = try await work.signAndAttest()
            try work.directory.write("other/weights.bin", Data(repeating: 4, count: 50_000))
            let other = work.directory.appending("other").path
            let otherSignature = work.directory.appending("other.sig").path
            let sign = try await Interop.ours(["sign", "sigstore", other, "--trust-config", work.trustConfig,
                                               "--identity-token", "@" + work.context.tokenFile, "--signature", otherSignature])
            #expect(sign.status == 0, "\(sign.summary)")
            let verify = try await work.verify(["--attestation", work.attestation], model: other, signature: otherSignature)
            #expect(verify.status == 1)
            #expect(verify.stderr.contains("is for another model"), "\(verify.stderr)")
        }
    }

    @Test func cardEditedAfterSigningFails() async throws {
        try await Self.withWork(rekorVersion: 1) { work in
            _ = try await work.signAndAttest()
            let edited = AttestSigstoreInteropTests.card.replacingOccurrences(of: "0.93", with: "0.99")
            // A copy kept outside the model is compared with the attested card.
            let copy = try work.directory.write("README-copy.md", edited)
            let outside = try await work.verify(["--attestation", work.attestation, "--model-card", copy.path])
            #expect(outside.status == 1)
            #expect(outside.stderr.contains("was edited after it was attested"), "\(outside.stderr)")
            // The card inside the model: the model signature itself refuses it.
            try work.directory.write("model/README.md", edited)
            let inside = try await work.verify(["--attestation", work.attestation])
            #expect(inside.status == 1)
            #expect(inside.stderr.contains("README.md"), "\(inside.stderr)")
        }
    }
}
