import Foundation
import ModelSigning
import ModelSigningTestSupport
import Testing

/// `attest pkcs11-key|pkcs11-certificate` with a key on a real SoftHSM2 token, verified by
/// `verify key|certificate … --attestation` like any other attestation.
@Suite(.enabled(if: TestEnvironment.hasCLI, "needs the model-signing binary"))
struct AttestPKCS11CLITests {
    /// A token, its model with the card inside, the model signed with the token's key.
    struct Work {
        let fixture: SoftHSMModelFixture
        var card: String { fixture.model + "/README.md" }
        var attestation: String { fixture.directory.appending("model.att.sig").path }

        init() throws {
            fixture = try SoftHSMModelFixture()
            try fixture.directory.write("model/README.md", AttestCLITests.card)
        }
    }

    @Test func keyOnTheTokenAttestsAndVerifies() throws {
        let work = try Work()
        defer { work.fixture.directory.remove() }
        let sign = try work.fixture.signKey()
        #expect(sign.status == 0, "\(sign.stderr)")
        let attest = try work.fixture.token.cli(["attest", "pkcs11-key", work.fixture.model, "--model-card", work.card,
                                                 "--pkcs11-uri", work.fixture.uri, "--signature", work.fixture.signature, "--json"])
        #expect(attest.status == 0, "\(attest.stderr)")
        #expect(attest.stdout.contains(#""attestation":"\#(work.attestation)""#), "default place beside the signature: \(attest.stdout)")
        #expect(FileManager.default.fileExists(atPath: work.attestation))

        let verify = try work.fixture.verifyKey(["--attestation", work.attestation, "--model-card", work.card, "--json"])
        #expect(verify.status == 0, "\(verify.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(verify.stdout.utf8)) as? [String: Any])
        let facts = try #require(object["model_card"] as? [String: Any])
        #expect(facts["license"] as? String == "mit")
        #expect(facts["base_models"] as? [String] == ["google/vit-base-patch16-224"])
        #expect((facts["metrics"] as? [[String: Any]])?.first?["value"] as? String == "0.987")

        // Another key does not verify the token's attestation (nor its model signature).
        let others = try TemporaryDirectory("attest-pkcs11-other")
        defer { others.remove() }
        let other = try others.writeKeyPair()
        let foreign = try work.fixture.verifyKey(["--attestation", work.attestation], publicKey: other.publicKey)
        #expect(foreign.status == 1)
        #expect(foreign.stderr.hasPrefix("Verification failed with error: "), "\(foreign.stderr)")
    }

    @Test func attestationByTheTokenIsRefusedForAModelSignedByAnotherKey() throws {
        let work = try Work()
        defer { work.fixture.directory.remove() }
        let others = try TemporaryDirectory("attest-pkcs11-other")
        defer { others.remove() }
        let other = try others.writeKeyPair()
        let sign = try ProcessRunner.cli(["sign", "key", work.fixture.model, "--private-key", other.privateKey,
                                          "--signature", work.fixture.signature])
        #expect(sign.status == 0, "\(sign.stderr)")
        let attest = try work.fixture.token.cli(["attest", "pkcs11-key", work.fixture.model, "--model-card", work.card,
                                                 "--pkcs11-uri", work.fixture.uri, "--signature", work.fixture.signature])
        #expect(attest.status == 0, "\(attest.stderr)")
        let verify = try work.fixture.verifyKey(["--attestation", work.attestation], publicKey: other.publicKey)
        #expect(verify.status == 1)
        #expect(verify.stderr.contains("model.att.sig does not verify"), "\(verify.stderr)")
    }

    @Test func wrongPINWritesNothing() throws {
        let work = try Work()
        defer { work.fixture.directory.remove() }
        let attest = try work.fixture.token.cli(["attest", "pkcs11-key", work.fixture.model, "--model-card", work.card,
                                                 "--pkcs11-uri", work.fixture.token.uri(pinValue: "000000"),
                                                 "--signature", work.fixture.signature])
        #expect(attest.status == 1)
        #expect(attest.stderr.hasPrefix("Attestation failed with error: "), "\(attest.stderr)")
        #expect(!FileManager.default.fileExists(atPath: work.attestation))
    }

    @Test func certificateOnTheTokenAttestsAndVerifiesWithTheChain() throws {
        let work = try Work()
        defer { work.fixture.directory.remove() }
        let files = try work.fixture.certificateFiles(curve: .p256)
        let certificateOptions = ["--pkcs11-uri", work.fixture.uri, "--signing-certificate", files.leaf,
                                  "--certificate-chain", files.intermediate, "--signature", work.fixture.signature]
        let sign = try work.fixture.token.cli(["sign", "pkcs11-certificate", work.fixture.model] + certificateOptions)
        #expect(sign.status == 0, "\(sign.stderr)")
        let attest = try work.fixture.token.cli(["attest", "pkcs11-certificate", work.fixture.model, "--model-card", work.card]
                                                + certificateOptions)
        #expect(attest.status == 0, "\(attest.stderr)")
        let verify = try ProcessRunner.cli(["verify", "certificate", work.fixture.model, "--signature", work.fixture.signature,
                                            "--certificate-chain", files.root, "--certificate-subject", "hsm signer",
                                            "--attestation", work.attestation, "--require-model-card"])
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.contains("  license: mit\n"), "\(verify.stdout)")
        let otherSigner = try ProcessRunner.cli(["verify", "certificate", work.fixture.model, "--signature", work.fixture.signature,
                                                 "--certificate-chain", files.root, "--certificate-subject", "someone else",
                                                 "--attestation", work.attestation])
        #expect(otherSigner.status == 1)
    }
}
