import Foundation
import ModelHashing
import ModelSigning
import ModelSigningTestSupport
import Testing

/// Partial verification (`only:`) and symbolic links into a Hugging Face cache's blobs.
@Suite struct LoadTimePartialTests {
    @Test func aTamperedFileThatIsNotCheckedDoesNotFailAndIsListedAsUnchecked() async throws {
        for method in [Serialization.Method.files, .shards(size: 4096)] {
            let fixture = try await LoadTimeFixture.make(method: method)
            defer { fixture.remove() }
            try fixture.flipByte(of: "weights.bin", at: 7)
            let verifier = ModelVerifier(verifier: fixture.verifier)

            let result = try await verifier.verify(modelAt: fixture.modelPath, signatureAt: fixture.signaturePath,
                                                   only: [ModelPath("config.json")!, ModelPath("tokenizer")!])
            #expect(result.uncheckedFiles == [ModelPath("weights.bin")!])
            #expect(result.signedManifest.resources.count > 0)

            // The tampered file fails when it is selected, and a full verification fails.
            await #expect(throws: ModelSigningError.self) {
                _ = try await verifier.verify(modelAt: fixture.modelPath, signatureAt: fixture.signaturePath,
                                              only: [ModelPath("weights.bin")!])
            }
            await #expect(throws: ModelSigningError.self) {
                _ = try await verifier.verify(modelAt: fixture.modelPath, signatureAt: fixture.signaturePath)
            }
        }
    }

    @Test func everyShardOfASelectedFileIsChecked() async throws {
        let fixture = try await LoadTimeFixture.make(method: .shards(size: 4096))
        defer { fixture.remove() }
        let size = Int64(fixture.files["weights.bin"]!.count)
        try fixture.flipByte(of: "weights.bin", at: size - 1)
        let error = await #expect(throws: ModelSigningError.self) {
            _ = try await ModelVerifier(verifier: fixture.verifier).verify(
                modelAt: fixture.modelPath, signatureAt: fixture.signaturePath, only: [ModelPath("weights.bin")!])
        }
        guard let mismatch = error?.mismatch else { Issue.record("unexpected \(String(describing: error))"); return }
        #expect(mismatch.changed.map(\.name) == ["weights.bin:40960:41083"])
    }

    @Test func aPathNotInTheSignatureIsAnError() async throws {
        let fixture = try await LoadTimeFixture.make(method: .files)
        defer { fixture.remove() }
        try fixture.directory.write("model/new.txt", "not signed")
        let verifier = ModelVerifier(verifier: fixture.verifier)
        for paths in [["new.txt"], ["missing"], ["config.json", "tokenizer/other"]] {
            let error = await #expect(throws: ModelSigningError.self) {
                _ = try await verifier.verify(modelAt: fixture.modelPath, signatureAt: fixture.signaturePath,
                                              only: paths.map { ModelPath($0)! })
            }
            guard let message = error?.reason, error?.code == .invalidRequest else { Issue.record("unexpected \(String(describing: error))"); continue }
            #expect(message.contains(paths.last!))
        }
    }

    @Test func aSignedFileThatVanishedFailsWhenSelected() async throws {
        let fixture = try await LoadTimeFixture.make(method: .files)
        defer { fixture.remove() }
        try FileManager.default.removeItem(at: fixture.modelURL.appendingPathComponent("config.json"))
        let verifier = ModelVerifier(verifier: fixture.verifier)
        await #expect(throws: ModelSigningError.self) {
            _ = try await verifier.verify(modelAt: fixture.modelPath, signatureAt: fixture.signaturePath,
                                          only: [ModelPath("config.json")!])
        }
        let result = try await verifier.verify(modelAt: fixture.modelPath, signatureAt: fixture.signaturePath,
                                               only: [ModelPath("weights.bin")!])
        #expect(result.uncheckedFiles.map(\.string) == ["config.json", "tokenizer/vocab.txt"])
    }

    // MARK: - Hugging Face cache layout

    /// `models--org--name/{blobs/<sha>, snapshots/<rev>/<file> -> ../../blobs/<sha>}`.
    struct HubCache {
        let directory: TemporaryDirectory
        var repository: URL { directory.appending("hub/models--org--tiny") }
        var snapshot: URL { repository.appendingPathComponent("snapshots/0123abcd") }
        var blobs: URL { repository.appendingPathComponent("blobs") }

        init() throws {
            directory = try TemporaryDirectory("hub")
            let files = ["config.json": Array(#"{"x":1}"#.utf8), "model.safetensors": LoadTimeFixture.bytes(count: 20_000, seed: 9),
                         "sub/tokenizer.json": Array("{}".utf8)]
            for (name, content) in files {
                let blob = "blob-" + name.replacingOccurrences(of: "/", with: "-")
                try directory.write("hub/models--org--tiny/blobs/\(blob)", Data(content))
                let link = snapshot.appendingPathComponent(name)
                try FileManager.default.createDirectory(at: link.deletingLastPathComponent(), withIntermediateDirectories: true)
                let depth = name.split(separator: "/").count + 1
                let target = String(repeating: "../", count: depth) + "blobs/\(blob)"
                try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: target)
            }
        }
    }

    @Test func aHubSnapshotVerifiesWithItsBlobsAsSymlinkRootAndNothingElse() async throws {
        let hub = try HubCache()
        defer { hub.directory.remove() }
        let key = ECPrivateKey.generate(curve: .p256)
        let signature = hub.directory.appending("model.sig").path
        let hasher = ModelHasher(serialization: Serialization(method: .shards(size: 4096), allowSymlinks: true),
                                 symlinkRoots: [hub.blobs.path])
        // Without the root, the links escape the snapshot and signing refuses.
        await #expect(throws: ModelSigningError.self) {
            try await ModelSigner(signer: KeySigner(privateKey: key),
                                  hasher: ModelHasher(serialization: Serialization(allowSymlinks: true)))
                .sign(modelAt: hub.snapshot.path, signatureAt: signature)
        }
        try await ModelSigner(signer: KeySigner(privateKey: key), hasher: hasher).sign(modelAt: hub.snapshot.path, signatureAt: signature)

        let verifier = KeyVerifier(publicKey: key.publicKey)
        _ = try await ModelVerifier(verifier: verifier, symlinkRoots: [hub.blobs.path])
            .verify(modelAt: hub.snapshot.path, signatureAt: signature)
        let escape = await #expect(throws: ModelSigningError.self) {
            _ = try await ModelVerifier(verifier: verifier).verify(modelAt: hub.snapshot.path, signatureAt: signature)
        }
        guard case .symlinkEscapesModel? = escape?.hashingError else { Issue.record("unexpected \(String(describing: escape))"); return }

        // Verified reads follow the same rule.
        let model = try await SignedModel.open(modelAt: hub.snapshot.path, signatureAt: signature, verifier: verifier,
                                               options: SignedModel.Options(symlinkRoots: [hub.blobs.path]))
        #expect(try await model.read(ModelPath("model.safetensors")!, range: 100..<200)
                == Array(LoadTimeFixture.bytes(count: 20_000, seed: 9)[100..<200]))
        let strict = try await SignedModel.open(modelAt: hub.snapshot.path, signatureAt: signature, verifier: verifier)
        await #expect(throws: ModelSigningError.self) { try await strict.readFile(ModelPath("config.json")!) }

        // A link elsewhere is still refused, even with the root allowed.
        let outside = try hub.directory.write("elsewhere/secret", "outside the blobs")
        try FileManager.default.removeItem(at: hub.snapshot.appendingPathComponent("config.json"))
        try FileManager.default.createSymbolicLink(atPath: hub.snapshot.appendingPathComponent("config.json").path,
                                                   withDestinationPath: outside.path)
        let refused = await #expect(throws: ModelSigningError.self) {
            _ = try await ModelVerifier(verifier: verifier, symlinkRoots: [hub.blobs.path])
                .verify(modelAt: hub.snapshot.path, signatureAt: signature)
        }
        guard case .symlinkEscapesModel? = refused?.hashingError else { Issue.record("unexpected \(String(describing: refused))"); return }
        await #expect(throws: ModelSigningError.self) { try await model.readFile(ModelPath("config.json")!) }
        // The other files still verify partially.
        let partial = try await ModelVerifier(verifier: verifier, symlinkRoots: [hub.blobs.path])
            .verify(modelAt: hub.snapshot.path, signatureAt: signature, only: [ModelPath("model.safetensors")!])
        #expect(partial.uncheckedFiles.map(\.string) == ["config.json", "sub/tokenizer.json"])
    }
}
