import Foundation
import ModelSigning
import ModelSigningTestSupport
import Testing

/// `model-signing attest key|certificate` and `verify key|certificate … --attestation`.
@Suite(.enabled(if: TestEnvironment.hasCLI, "needs the model-signing binary"))
struct AttestCLITests {
    static let card = """
        ---
        license: mit
        language: en
        pipeline_tag: image-classification
        base_model: google/vit-base-patch16-224
        datasets:
        - uoft-cs/cifar10
        model-index:
        - name: vit-cifar10
          results:
          - task:
              type: image-classification
            dataset:
              type: uoft-cs/cifar10
              split: test
            metrics:
            - type: accuracy
              value: 0.987
        ---
        # vit-cifar10

        ## Intended uses & limitations

        Ten CIFAR classes only.
        """

    struct Workspace {
        let directory: TemporaryDirectory
        let keys: (privateKey: String, publicKey: String)
        var model: String { directory.appending("model").path }
        var signature: String { directory.appending("model/model.sig").path }
        var attestation: String { directory.appending("model/model.att.sig").path }
        var card: String { directory.appending("model/README.md").path }

        init() throws {
            directory = try TemporaryDirectory("attest-cli")
            keys = try directory.writeKeyPair()
            try directory.write("model/weights.bin", Data((0..<20_000).map { UInt8($0 % 199) }))
            try directory.write("model/README.md", AttestCLITests.card)
        }

        func run(_ arguments: [String]) throws -> ProcessResult { try ProcessRunner.cli(arguments) }

        func signAndAttest() throws {
            let sign = try run(["sign", "key", model, "--private-key", keys.privateKey, "--signature", signature])
            #expect(sign.status == 0, "\(sign.stderr)")
            let attest = try run(["attest", "key", model, "--model-card", card, "--private-key", keys.privateKey,
                                  "--signature", signature])
            #expect(attest.status == 0, "\(attest.stderr)")
            #expect(attest.stdout == "Attestation succeeded\n")
            #expect(FileManager.default.fileExists(atPath: attestation), "default place: beside the signature")
        }

        func verify(_ extra: [String], publicKey: String? = nil) throws -> ProcessResult {
            try run(["verify", "key", model, "--public-key", publicKey ?? keys.publicKey, "--signature", signature] + extra)
        }
    }

    @Test func attestThenVerifyPrintsAndReturnsTheFacts() throws {
        let work = try Workspace()
        defer { work.directory.remove() }
        try work.signAndAttest()

        let text = try work.verify(["--attestation", work.attestation])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasPrefix("Verification succeeded\nModel card attested by public key "))
        #expect(text.stdout.contains("  license: mit\n"))
        #expect(text.stdout.contains("  accuracy = 0.987 (task: image-classification, dataset: uoft-cs/cifar10, split: test)\n"))

        let json = try work.verify(["--attestation", work.attestation, "--json", "--model-card", work.card])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let facts = try #require(object["model_card"] as? [String: Any])
        #expect(facts["name"] as? String == "vit-cifar10")
        #expect(facts["license"] as? String == "mit")
        #expect(facts["languages"] as? [String] == ["en"])
        #expect(facts["task"] as? String == "image-classification")
        #expect(facts["base_models"] as? [String] == ["google/vit-base-patch16-224"])
        #expect(facts["datasets"] as? [String] == ["uoft-cs/cifar10"])
        let metrics = try #require(facts["metrics"] as? [[String: Any]])
        #expect(metrics.count == 1)
        #expect(metrics.first?["value"] as? String == "0.987")
        let considerations = try #require(facts["considerations"] as? [String: Any])
        #expect(considerations["technical_limitations"] as? [String] == ["Ten CIFAR classes only."])
    }

    @Test func plainVerificationStillSucceedsWithTheAttestationInsideTheModel() throws {
        let work = try Workspace()
        defer { work.directory.remove() }
        try work.signAndAttest()
        let plain = try work.verify([])
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(plain.stdout == "Verification succeeded\n")
        // --require-model-card finds the attestation in its default place.
        let required = try work.verify(["--require-model-card"])
        #expect(required.status == 0, "\(required.stderr)")
    }

    @Test(.enabled(if: TestEnvironment.hasReference, "needs the reference venv"))
    func referenceVerifiesTheModelWithTheAttestationInside() throws {
        let work = try Workspace()
        defer { work.directory.remove() }
        try work.signAndAttest()
        let reference = try ProcessRunner.referenceCLI(["verify", "key", work.model, "--signature", work.signature,
                                                        "--public_key", work.keys.publicKey])
        #expect(reference.status == 0, "the reference must skip model.att.sig, recorded in ignore_paths: \(reference.stderr)")
    }

    @Test func signingAfterAttestingIntoTheModelIsExplained() throws {
        let work = try Workspace()
        defer { work.directory.remove() }
        // An attestation at a place of its own inside the model, then the model signed over it.
        let custom = work.directory.appending("model/card.att.sig").path
        let attest = try work.run(["attest", "key", work.model, "--model-card", work.card, "--private-key", work.keys.privateKey,
                                   "--signature", work.signature, "--attestation", custom])
        #expect(attest.status == 0, "\(attest.stderr)")
        let sign = try work.run(["sign", "key", work.model, "--private-key", work.keys.privateKey, "--signature", work.signature])
        #expect(sign.status == 0, "\(sign.stderr)")
        let verify = try work.verify(["--attestation", custom])
        #expect(verify.status == 1)
        #expect(verify.stderr.contains("the model signature covers this attestation file"), "\(verify.stderr)")
    }

    @Test func editedCardFails() throws {
        let work = try Workspace()
        defer { work.directory.remove() }
        try work.signAndAttest()
        try work.directory.write("model/README.md", AttestCLITests.card.replacingOccurrences(of: "0.987", with: "0.999"))
        // The card is inside the model: the model signature itself refuses it.
        let inside = try work.verify(["--attestation", work.attestation])
        #expect(inside.status == 1)
        #expect(inside.stderr.contains("hash mismatch for README.md"), "\(inside.stderr)")
        // A copy outside the model is compared with the attested card.
        let outside = try work.directory.write("card-copy.md", AttestCLITests.card + "\nEdited.\n")
        try work.directory.write("model/README.md", AttestCLITests.card)
        let copy = try work.verify(["--attestation", work.attestation, "--model-card", outside.path])
        #expect(copy.status == 1)
        #expect(copy.stderr.contains("was edited after it was attested"), "\(copy.stderr)")
    }

    @Test func otherKeyFails() throws {
        let work = try Workspace()
        defer { work.directory.remove() }
        try work.signAndAttest()
        let otherKeys = try TemporaryDirectory("attest-other-key")
        defer { otherKeys.remove() }
        let other = try otherKeys.writeKeyPair()
        let attest = try work.run(["attest", "key", work.model, "--model-card", work.card, "--private-key", other.privateKey,
                                   "--signature", work.signature, "--attestation", work.directory.appending("other.att.sig").path])
        #expect(attest.status == 0, "\(attest.stderr)")
        let verify = try work.verify(["--attestation", work.directory.appending("other.att.sig").path])
        #expect(verify.status == 1)
        #expect(verify.stderr.hasPrefix("Verification failed with error: "), "\(verify.stderr)")
        #expect(verify.stderr.contains("other.att.sig does not verify: the signature names key"), "\(verify.stderr)")
    }

    @Test func attestationOfAnotherModelFails() throws {
        let work = try Workspace()
        defer { work.directory.remove() }
        try work.signAndAttest()
        let other = try Workspace()
        defer { other.directory.remove() }
        try other.directory.write("model/weights.bin", Data((0..<20_000).map { UInt8($0 % 197) }))
        let sign = try other.run(["sign", "key", other.model, "--private-key", work.keys.privateKey, "--signature", other.signature])
        #expect(sign.status == 0, "\(sign.stderr)")
        let verify = try other.verify(["--attestation", work.attestation], publicKey: work.keys.publicKey)
        #expect(verify.status == 1)
        #expect(verify.stderr.contains("is for another model"), "\(verify.stderr)")
    }

    @Test func otherHashingOptionsAreFlaggedAtOnceAndRefusedLater() throws {
        let work = try Workspace()
        defer { work.directory.remove() }
        let sign = try work.run(["sign", "key", work.model, "--private-key", work.keys.privateKey, "--signature", work.signature])
        #expect(sign.status == 0, "\(sign.stderr)")
        let attest = try work.run(["attest", "key", work.model, "--model-card", work.card, "--private-key", work.keys.privateKey,
                                   "--signature", work.signature, "--hash", "blake3"])
        #expect(attest.status == 0, "\(attest.stderr)")
        #expect(attest.stderr.contains("Warning: the model signature \(work.signature) records sha256:"), "\(attest.stderr)")
        let verify = try work.verify(["--attestation", work.attestation])
        #expect(verify.status == 1)
        #expect(verify.stderr.contains("is for another model"), "\(verify.stderr)")
    }

    @Test func malformedCardFailsWithoutWritingAnything() throws {
        let work = try Workspace()
        defer { work.directory.remove() }
        let bad = try work.directory.write("bad.md", "---\nlicense: [mit\n---\n# x\n")
        let attest = try work.run(["attest", "key", work.model, "--model-card", bad.path, "--private-key", work.keys.privateKey,
                                   "--signature", work.signature])
        #expect(attest.status == 1)
        #expect(attest.stderr.contains("malformed YAML front matter"), "\(attest.stderr)")
        #expect(!FileManager.default.fileExists(atPath: work.attestation))
    }

    @Test func certificateMethodRoundTripAndIdentity() throws {
        let work = try CertificateWorkspace()
        defer { work.directory.remove() }
        try work.directory.write("model/README.md", AttestCLITests.card)
        #expect(try work.sign().status == 0)
        let attestation = work.directory.appending("model.att.sig").path
        let attest = try ProcessRunner.cli(["attest", "certificate", work.model, "--model-card", work.directory.appending("model/README.md").path,
                                            "--private-key", work.files.leafKey, "--signing-certificate", work.files.leaf,
                                            "--certificate-chain", work.files.intermediate, "--signature", work.signature])
        #expect(attest.status == 0, "\(attest.stderr)")
        #expect(FileManager.default.fileExists(atPath: attestation))
        let good = try work.verify(["--attestation", attestation, "--certificate-identity", "builder@example.com", "--json"])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains(#""license":"mit""#))
        let wrongIdentity = try work.verify(["--attestation", attestation, "--certificate-identity", "someone@example.com"])
        #expect(wrongIdentity.status == 1)
        // The model signature is checked first and fails the same way; an attestation by another
        // certificate fails on its own.
        let other = try CertificateWorkspace()
        defer { other.directory.remove() }
        let foreign = work.directory.appending("foreign.att.sig").path
        let attestOther = try ProcessRunner.cli(["attest", "certificate", work.model, "--model-card", work.directory.appending("model/README.md").path,
                                                 "--private-key", other.files.leafKey, "--signing-certificate", other.files.leaf,
                                                 "--certificate-chain", other.files.intermediate, "--signature", work.signature,
                                                 "--attestation", foreign])
        #expect(attestOther.status == 0, "\(attestOther.stderr)")
        let untrusted = try work.verify(["--attestation", foreign, "--certificate-identity", "builder@example.com"])
        #expect(untrusted.status == 1)
        #expect(untrusted.stderr.contains("foreign.att.sig does not verify"), "\(untrusted.stderr)")
    }
}
