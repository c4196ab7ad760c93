import Foundation
import ModelHashing
import ModelSigning
import ModelSigningTestSupport
import Sigstore
import Testing

/// A model folder with a card inside it, a key pair, and the model signed beside the card.
struct AttestedModel {
    let directory: TemporaryDirectory
    let key = ECPrivateKey.generate(curve: .p256)
    var model: String { directory.appending("model").path }
    var signature: String { directory.appending("model/model.sig").path }
    var attestation: String { directory.appending("model/model.att.sig").path }
    var card: String { directory.appending("model/README.md").path }

    init(card text: String, hasher: ModelHasher = ModelHasher()) async throws {
        directory = try TemporaryDirectory("attestation")
        try directory.write("model/weights.bin", Data((0..<70_000).map { UInt8($0 % 251) }))
        try directory.write("model/config.json", #"{"hidden": 8}"#)
        try directory.write("model/tokenizer/vocab.txt", "a\nb\n")
        try directory.write("model/README.md", text)
        try await ModelSigner(signer: KeySigner(privateKey: key), hasher: hasher).sign(modelAt: model, signatureAt: signature)
    }

    func attest(hasher: ModelHasher = ModelHasher(), key signingKey: ECPrivateKey? = nil) async throws -> MLBOM {
        let signer = ModelSigner(signer: KeySigner(privateKey: signingKey ?? key), hasher: hasher)
        return try await Attestation.sign(card: try ModelCard(contentsOf: card), modelAt: model, with: signer,
                                          attestationAt: attestation, signatureAt: signature).bom
    }

    func verifiedModel() async throws -> Manifest {
        try await ModelVerifier(verifier: KeyVerifier(publicKey: key.publicKey)).verify(modelAt: model, signatureAt: signature)
            .signedManifest
    }

    /// The BOM inside the attestation file, as JSON bytes.
    func bomJSON() throws -> Data {
        let bundle = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: attestation))) as? [String: Any]
        let envelope = try #require(bundle?["dsseEnvelope"] as? [String: Any])
        let encoded = try #require(envelope["payload"] as? String)
        let payload = try #require(Data(base64Encoded: encoded))
        let statement = try #require(try JSONSerialization.jsonObject(with: payload) as? [String: Any])
        #expect(statement["predicateType"] as? String == "https://cyclonedx.org/bom")
        return try JSONSerialization.data(withJSONObject: try #require(statement["predicate"]))
    }
}

@Suite struct AttestationTests {
    @Test(arguments: ModelCards.all)
    func roundTripFactsEqualTheCard(card fixture: CardFixture) async throws {
        let work = try await AttestedModel(card: fixture.text)
        defer { work.directory.remove() }
        _ = try await work.attest()
        let manifest = try await work.verifiedModel()
        let verified = try await Attestation.verify(attestationAt: work.attestation, verifier: KeyVerifier(publicKey: work.key.publicKey),
                                                    model: manifest, modelCardAt: work.card)
        let card = try ModelCard(contentsOf: work.card)
        #expect(verified.bom.facts == card.facts(defaultName: "model"))
        #expect(verified.bom.files == MLBOM.files(of: manifest))
        #expect(verified.bom.files.map(\.name).sorted() == ["README.md", "config.json", "tokenizer/vocab.txt", "weights.bin"])
        #expect(verified.bom.files.allSatisfy { $0.algorithm == "SHA-256" && $0.digest?.count == 64 })
        #expect(verified.signer.contains(work.key.publicKey.hint))
    }

    @Test func subjectIsTheDigestTheModelSignatureRecords() async throws {
        let work = try await AttestedModel(card: ModelCards.withModelIndex)
        defer { work.directory.remove() }
        _ = try await work.attest()
        let modelBundle = try SigstoreBundle.parse(Array(try Data(contentsOf: URL(fileURLWithPath: work.signature))))
        let attestationBundle = try SigstoreBundle.parse(Array(try Data(contentsOf: URL(fileURLWithPath: work.attestation))))
        func subject(_ bundle: SigstoreBundle) throws -> Data {
            let payload = try #require(bundle.dsseEnvelope?.payload)
            let statement = try #require(try JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any])
            return try JSONSerialization.data(withJSONObject: try #require(statement["subject"]), options: .sortedKeys)
        }
        #expect(try subject(modelBundle) == subject(attestationBundle))
    }

    @Test func theModelSignatureIgnoresTheAttestationBesideIt() async throws {
        let work = try await AttestedModel(card: ModelCards.withModelIndex)
        defer { work.directory.remove() }
        _ = try await work.attest()
        // A plain verification, which knows nothing about attestations, still succeeds.
        let manifest = try await work.verifiedModel()
        #expect(manifest.serialization.ignorePaths.contains(try #require(ModelPath("model.att.sig"))))
        #expect(!manifest.resources.contains { $0.name == "model.att.sig" })
        // Signing again after attesting signs the same files.
        try await ModelSigner(signer: KeySigner(privateKey: work.key)).sign(modelAt: work.model, signatureAt: work.signature)
        #expect(try await work.verifiedModel().rootDigest == manifest.rootDigest)
    }

    @Test func otherKeyIsRefused() async throws {
        let work = try await AttestedModel(card: ModelCards.withModelIndex)
        defer { work.directory.remove() }
        _ = try await work.attest(key: ECPrivateKey.generate(curve: .p256))
        let manifest = try await work.verifiedModel()
        let caught = await #expect(throws: AttestationError.self) {
            try await Attestation.verify(attestationAt: work.attestation, verifier: KeyVerifier(publicKey: work.key.publicKey),
                                         model: manifest)
        }
        guard let error = caught else { return }
        guard case .untrusted = error else { Issue.record("wrong error: \(error)"); return }
        #expect(error.description.contains(work.key.publicKey.hint), "names the expected key: \(error)")
    }

    @Test func attestationForAnotherModelIsRefused() async throws {
        let work = try await AttestedModel(card: ModelCards.withModelIndex)
        defer { work.directory.remove() }
        _ = try await work.attest()
        let other = try await AttestedModel(card: ModelCards.withModelIndex + "\nAnother model.\n")
        defer { other.directory.remove() }
        let otherManifest = try await other.verifiedModel()
        let caught = await #expect(throws: AttestationError.self) {
            try await Attestation.verify(attestationAt: work.attestation, verifier: KeyVerifier(publicKey: work.key.publicKey),
                                         model: otherManifest)
        }
        guard let error = caught else { return }
        guard case .otherModel = error else { Issue.record("wrong error: \(error)"); return }
        #expect(error.description.contains("is for another model"))
    }

    @Test func editedCardIsRefused() async throws {
        let work = try await AttestedModel(card: ModelCards.withModelIndex)
        defer { work.directory.remove() }
        _ = try await work.attest()
        let manifest = try await work.verifiedModel()
        let edited = try work.directory.write("edited.md", ModelCards.withModelIndex.replacingOccurrences(of: "0.930", with: "0.990"))
        let caught = await #expect(throws: AttestationError.self) {
            try await Attestation.verify(attestationAt: work.attestation, verifier: KeyVerifier(publicKey: work.key.publicKey),
                                             model: manifest, modelCardAt: edited.path)
        }
        guard let error = caught else { return }
        guard case .modelCardChanged = error else { Issue.record("wrong error: \(error)"); return }
        #expect(error.description.contains("was edited after it was attested"))
    }

    @Test func tamperedStatementFailsTheSignature() async throws {
        let work = try await AttestedModel(card: ModelCards.withModelIndex)
        defer { work.directory.remove() }
        _ = try await work.attest()
        let manifest = try await work.verifiedModel()
        var bundle = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: work.attestation))) as? [String: Any]
        var envelope = try #require(bundle?["dsseEnvelope"] as? [String: Any])
        let encoded = try #require(envelope["payload"] as? String)
        let payload = try #require(Data(base64Encoded: encoded))
        let edited = String(decoding: payload, as: UTF8.self).replacingOccurrences(of: "apache-2.0", with: "mit")
        envelope["payload"] = Data(edited.utf8).base64EncodedString()
        bundle?["dsseEnvelope"] = envelope
        try JSONSerialization.data(withJSONObject: try #require(bundle)).write(to: URL(fileURLWithPath: work.attestation))
        let caught = await #expect(throws: AttestationError.self) {
            try await Attestation.verify(attestationAt: work.attestation, verifier: KeyVerifier(publicKey: work.key.publicKey),
                                             model: manifest)
        }
        guard let error = caught else { return }
        guard case .untrusted = error else { Issue.record("wrong error: \(error)"); return }
        #expect(error.description.hasPrefix("attestation \(work.attestation) does not verify: "), "\(error)")
    }

    @Test func fileListMustEqualTheSignedFiles() async throws {
        let work = try await AttestedModel(card: ModelCards.withModelIndex)
        defer { work.directory.remove() }
        let manifest = try await work.verifiedModel()
        let card = try ModelCard(contentsOf: work.card)
        // Properly signed and for the right subject, but listing one file less and one more.
        var files = MLBOM.files(of: manifest).filter { $0.name != "config.json" }
        files.append(MLBOM.File(name: "extra.bin", algorithm: "SHA-256", digest: String(repeating: "0", count: 64)))
        let bom = MLBOM(facts: card.facts(defaultName: "model"), files: files)
        let bundle = try await Attestation.sign(bom: bom, manifest: manifest, with: KeySigner(privateKey: work.key))
        let caught = await #expect(throws: AttestationError.self) {
            try await Attestation.verify(bundle, source: "forged.att.sig", verifier: KeyVerifier(publicKey: work.key.publicKey),
                                             model: manifest)
        }
        guard let error = caught else { return }
        guard case .fileListMismatch(_, let missing, let extra, _) = error else { Issue.record("wrong error: \(error)"); return }
        #expect(missing == ["config.json"])
        #expect(extra == ["extra.bin"])
    }

    @Test func aModelSignatureIsNeverTakenForAnAttestation() async throws {
        let work = try await AttestedModel(card: ModelCards.withModelIndex)
        defer { work.directory.remove() }
        let manifest = try await work.verifiedModel()
        let caught = await #expect(throws: AttestationError.self) {
            try await Attestation.verify(attestationAt: work.signature, verifier: KeyVerifier(publicKey: work.key.publicKey),
                                             model: manifest)
        }
        guard let error = caught else { return }
        #expect(error.description.contains("this is a model signature, not a model-card attestation"), "\(error)")
        // And the other way round: the attestation is not a model signature.
        _ = try await work.attest()
        await #expect(throws: ModelSigningError.self) {
            try await ModelVerifier(verifier: KeyVerifier(publicKey: work.key.publicKey)).verify(modelAt: work.model,
                                                                                               signatureAt: work.attestation)
        }
    }
}

/// The BOMs we write are valid CycloneDX 1.6 for cyclonedx-python-lib's strict validator.
@Suite(.enabled(if: CycloneDXValidator.enabled, "MODEL_SIGNING_SKIP_CYCLONEDX=1"))
struct MLBOMSchemaTests {
    @Test(arguments: ModelCards.all)
    func bomsValidate(card fixture: CardFixture) async throws {
        let work = try await AttestedModel(card: fixture.text)
        defer { work.directory.remove() }
        _ = try await work.attest()
        let complaint = try CycloneDXValidator.errors(in: try work.bomJSON())
        #expect(complaint == nil, "\(complaint ?? "")")
    }

    @Test(arguments: [
        Serialization(method: .shards(size: 16_384), hashAlgorithm: .sha256, allowSymlinks: false),
        Serialization(method: .files, hashAlgorithm: .blake3, allowSymlinks: false),
        Serialization(method: .files, hashAlgorithm: .blake2b, allowSymlinks: false),
    ])
    func bomsOfOtherSerializationsValidateAndVerify(serialization: Serialization) async throws {
        let hasher = ModelHasher(serialization: serialization)
        let work = try await AttestedModel(card: ModelCards.withModelIndex, hasher: hasher)
        defer { work.directory.remove() }
        let bom = try await work.attest(hasher: hasher)
        let verified = try await Attestation.verify(attestationAt: work.attestation, verifier: KeyVerifier(publicKey: work.key.publicKey),
                                                    model: try await work.verifiedModel())
        #expect(verified.bom.files == bom.files)
        let complaint = try CycloneDXValidator.errors(in: try work.bomJSON())
        #expect(complaint == nil, "\(complaint ?? "")")
    }

    @Test func theValidatorRejectsAnInvalidBOM() throws {
        // Control: the same validator must refuse a document that breaks the schema.
        let invalid = #"{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"metadata":{"component":{"type":"not-a-type","name":"x"}}}"#
        #expect(try CycloneDXValidator.errors(in: Data(invalid.utf8)) != nil)
    }
}
