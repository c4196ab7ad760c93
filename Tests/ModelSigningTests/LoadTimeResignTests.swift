import Foundation
import ModelHashing
import ModelSigning
import ModelSigningTestSupport
import Testing

/// Incremental re-signing: only changed files are hashed, the result equals a full signing.
@Suite struct LoadTimeResignTests {
    static func signer(_ fixture: LoadTimeFixture, method: Serialization.Method) -> ModelSigner {
        ModelSigner(signer: KeySigner(privateKey: fixture.key), hasher: ModelHasher(serialization: Serialization(method: method)))
    }

    @Test func onlyChangedFilesAreHashedAndTheResultEqualsAFullSigning() async throws {
        for method in [Serialization.Method.files, .shards(size: 4096)] {
            // The earlier signature must be written after the files, and the change after it.
            let fixture = try await LoadTimeFixture.make(method: method)
            defer { fixture.remove() }
            try await Task.sleep(for: .milliseconds(30))
            try await fixture.sign(method: method)
            try await Task.sleep(for: .milliseconds(30))
            try fixture.flipByte(of: "weights.bin", at: 1000)

            let signer = LoadTimeResignTests.signer(fixture, method: method)
            let resigned = fixture.directory.appending("new.sig").path
            let report = try await signer.sign(modelAt: fixture.modelPath, signatureAt: resigned,
                                               reusing: SignatureReuse(signatureAt: fixture.signaturePath, verifier: fixture.verifier))
            #expect(report.hashedFiles.map(\.string) == ["weights.bin"])
            #expect(report.reusedFiles.map(\.string) == ["config.json", "tokenizer/vocab.txt"])
            #expect(report.bytesHashed == Int64(fixture.files["weights.bin"]!.count))

            let full = try await signer.manifest(modelAt: fixture.modelPath)
            #expect(report.manifest == full)
            _ = try await ModelVerifier(verifier: fixture.verifier).verify(modelAt: fixture.modelPath, signatureAt: resigned)
        }
    }

    @Test func listedFilesAreHashedWhateverTheirTimesSay() async throws {
        let fixture = try await LoadTimeFixture.make(method: .files)
        defer { fixture.remove() }
        try await Task.sleep(for: .milliseconds(30))
        try await fixture.sign(method: .files)
        let report = try await LoadTimeResignTests.signer(fixture, method: .files).sign(
            modelAt: fixture.modelPath, signatureAt: fixture.signaturePath,
            reusing: SignatureReuse(signatureAt: fixture.signaturePath, verifier: fixture.verifier,
                                    changed: [ModelPath("config.json")!]))
        #expect(report.hashedFiles.map(\.string) == ["config.json"])
        #expect(report.reusedFiles.count == 2)
        // The re-signed signature (same path) is dated before the run, and verifies.
        _ = try await ModelVerifier(verifier: fixture.verifier).verify(modelAt: fixture.modelPath, signatureAt: fixture.signaturePath)
    }

    @Test func restoringTheModificationTimeDoesNotHideAChange() async throws {
        let fixture = try await LoadTimeFixture.make(method: .files)
        defer { fixture.remove() }
        try await Task.sleep(for: .milliseconds(30))
        try await fixture.sign(method: .files)
        try await Task.sleep(for: .milliseconds(30))
        let weights = fixture.modelURL.appendingPathComponent("weights.bin")
        let before = try FileManager.default.attributesOfItem(atPath: weights.path)[.modificationDate]
        try fixture.flipByte(of: "weights.bin", at: 0)
        try FileManager.default.setAttributes([.modificationDate: before as Any], ofItemAtPath: weights.path)
        let report = try await LoadTimeResignTests.signer(fixture, method: .files).sign(
            modelAt: fixture.modelPath, signatureAt: fixture.signaturePath,
            reusing: SignatureReuse(signatureAt: fixture.signaturePath, verifier: fixture.verifier))
        // The status-change time moved even though the modification time was put back.
        #expect(report.hashedFiles.map(\.string) == ["weights.bin"])
        _ = try await ModelVerifier(verifier: fixture.verifier).verify(modelAt: fixture.modelPath, signatureAt: fixture.signaturePath)
    }

    @Test func newFilesAreHashedAndRemovedFilesDropped() async throws {
        let fixture = try await LoadTimeFixture.make(method: .shards(size: 4096))
        defer { fixture.remove() }
        try await Task.sleep(for: .milliseconds(30))
        try await fixture.sign(method: .shards(size: 4096))
        try FileManager.default.removeItem(at: fixture.modelURL.appendingPathComponent("config.json"))
        try fixture.directory.write("model/extra.bin", Data(LoadTimeFixture.bytes(count: 5000, seed: 5)))
        let report = try await LoadTimeResignTests.signer(fixture, method: .shards(size: 4096)).sign(
            modelAt: fixture.modelPath, signatureAt: fixture.signaturePath,
            reusing: SignatureReuse(signatureAt: fixture.signaturePath, verifier: fixture.verifier))
        #expect(report.hashedFiles.map(\.string) == ["extra.bin"])
        #expect(!report.manifest.resources.contains { $0.path.string == "config.json" })
        _ = try await ModelVerifier(verifier: fixture.verifier).verify(modelAt: fixture.modelPath, signatureAt: fixture.signaturePath)
    }

    @Test func anEarlierSignatureThatDoesNotVerifyIsNotUsed() async throws {
        let fixture = try await LoadTimeFixture.make(method: .files)
        defer { fixture.remove() }
        let original = try Data(contentsOf: URL(fileURLWithPath: fixture.signaturePath))
        // Signed by someone else: refused, nothing written.
        let stranger = ModelSigner(signer: KeySigner(privateKey: ECPrivateKey.generate(curve: .p256)))
        let target = fixture.directory.appending("new.sig").path
        await #expect(throws: ModelSigningError.self) {
            try await stranger.sign(modelAt: fixture.modelPath, signatureAt: target,
                                    reusing: SignatureReuse(signatureAt: fixture.signaturePath,
                                                            verifier: KeyVerifier(publicKey: ECPrivateKey.generate(curve: .p256).publicKey)))
        }
        #expect(!FileManager.default.fileExists(atPath: target))
        // Tampered: refused.
        var tampered = original
        if let index = tampered.firstIndex(of: UInt8(ascii: "A")) { tampered[index] = UInt8(ascii: "B") }
        try tampered.write(to: URL(fileURLWithPath: fixture.signaturePath))
        await #expect(throws: ModelSigningError.self) {
            try await LoadTimeResignTests.signer(fixture, method: .files).sign(
                modelAt: fixture.modelPath, signatureAt: target,
                reusing: SignatureReuse(signatureAt: fixture.signaturePath, verifier: fixture.verifier))
        }
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test func aDifferentSerializationCannotReuseDigests() async throws {
        let fixture = try await LoadTimeFixture.make(method: .files)
        defer { fixture.remove() }
        let error = await #expect(throws: ModelSigningError.self) {
            try await LoadTimeResignTests.signer(fixture, method: .shards(size: 4096)).sign(
                modelAt: fixture.modelPath, signatureAt: fixture.signaturePath,
                reusing: SignatureReuse(signatureAt: fixture.signaturePath, verifier: fixture.verifier))
        }
        guard error?.code == .invalidRequest else { Issue.record("unexpected \(String(describing: error))"); return }
    }
}
