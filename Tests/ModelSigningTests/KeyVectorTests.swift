import Foundation
import ModelHashing
import ModelSigning
import ModelSigningTestSupport
import Sigstore
import Testing

/// Key-method signatures written by the reference's releases and by the specification.
@Suite(.enabled(if: TestEnvironment.hasVectors, "needs ../shared/vectors"))
struct KeyVectorTests {
    static let publicKeyPath = TestEnvironment.vector("oms/historical/keys/signing-key-pub.pem").path

    func verifier(ignoring: [String] = [], ignoreUnsigned: Bool = false) throws(ModelSigningError) -> ModelVerifier {
        ModelVerifier(verifier: KeyVerifier(publicKey: try ECPublicKey(contentsOf: KeyVectorTests.publicKeyPath)),
                      ignorePaths: ignoring.compactMap(ModelPath.init), ignoreUnsignedFiles: ignoreUnsigned)
    }

    @Test(arguments: ["v0.3.1", "v1.0.0"])
    func singleFileCasesVerify(version: String) async throws {
        let folder = TestEnvironment.vector("oms/historical/\(version)-elliptic-key")
        let result = try await verifier().verify(modelAt: folder.appendingPathComponent("signme-1").path,
                                                 signatureAt: folder.appendingPathComponent("model.sig").path)
        #expect(result.signedManifest.resources.map(\.name) == ["."])
    }

    @Test(arguments: ["v1.0.1", "v1.1.0"])
    func folderCasesVerify(version: String) async throws {
        let folder = TestEnvironment.vector("oms/historical/\(version)-elliptic-key")
        let result = try await verifier(ignoring: ["ignore-me"]).verify(
            modelAt: folder.path, signatureAt: folder.appendingPathComponent("model.sig").path)
        #expect(result.signedManifest.resources.map(\.name) == ["signme-1", "signme-2"])
    }

    @Test func specKeyVectorVerifies() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let model = try copyModel("v1.1.0-elliptic-key", to: directory, dropping: ["model.sig", "ignore-me"])
        let result = try await verifier().verify(
            modelAt: model.path, signatureAt: TestEnvironment.vector("oms/spec/test-vectors/v1.0/valid/key.bundle.json").path)
        #expect(Hex.encode(result.signedManifest.rootDigest).hasPrefix("92745110"))
    }

    @Test func hintMatchesTheReference() throws {
        let key = try ECPublicKey(contentsOf: KeyVectorTests.publicKeyPath)
        #expect(key.hint == "e8450dec4eb99dae995da9af1bc2cc9f76ed669ee2e744f57abba763df3e3f8e")
        #expect(key.curve == .p384)
    }

    @Test func privateKeyWithPreambleSignsForThePublicKey() throws {
        let key = try ECPrivateKey(contentsOf: TestEnvironment.vector("oms/historical/keys/signing-key.pem").path)
        #expect(key.publicKey.hint == "e8450dec4eb99dae995da9af1bc2cc9f76ed669ee2e744f57abba763df3e3f8e")
    }

    // MARK: - Tampering

    enum Tamper: String, CaseIterable, Sendable { case changedByte, extraFile, missingFile }

    @Test(arguments: Tamper.allCases)
    func tamperedModelFailsNamingTheFile(tamper: Tamper) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let model = try copyModel("v1.1.0-elliptic-key", to: directory, dropping: [])
        let signature = model.appendingPathComponent("model.sig").path
        switch tamper {
        case .changedByte: try Data("signme-1\r".utf8).write(to: model.appendingPathComponent("signme-1"))
        case .extraFile: try Data("new".utf8).write(to: model.appendingPathComponent("extra.bin"))
        case .missingFile: try FileManager.default.removeItem(at: model.appendingPathComponent("signme-2"))
        }
        do throws(ModelSigningError) {
            _ = try await verifier().verify(modelAt: model.path, signatureAt: signature)
            Issue.record("tampered model verified")
        } catch {
            guard let mismatch = error.mismatch else { Issue.record("unexpected error \(error)"); return }
            switch tamper {
            case .changedByte:
                #expect(mismatch.changed.map(\.name) == ["signme-1"])
                #expect(error.description.contains("signme-1"))
            case .extraFile: #expect(mismatch.extra == ["extra.bin"])
            case .missingFile: #expect(mismatch.missing == ["signme-2"])
            }
        }
    }

    @Test func ignoreUnsignedFilesToleratesExtraFilesOnly() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let model = try copyModel("v1.1.0-elliptic-key", to: directory, dropping: [])
        try Data("new".utf8).write(to: model.appendingPathComponent("extra.bin"))
        let signature = model.appendingPathComponent("model.sig").path
        _ = try await verifier(ignoreUnsigned: true).verify(modelAt: model.path, signatureAt: signature)
        try Data("changed".utf8).write(to: model.appendingPathComponent("signme-2"))
        await #expect(throws: ModelSigningError.self) {
            try await verifier(ignoreUnsigned: true).verify(modelAt: model.path, signatureAt: signature)
        }
    }

    // MARK: - Invalid bundles

    @Test(arguments: ["invalid/empty.bundle.json", "invalid/missing-envelope.bundle.json",
                      "invalid/missing-tlog-entries.bundle.json", "invalid/missing-verification-material.bundle.json",
                      "invalid-payload/wrong-predicate.bundle.json"])
    func specInvalidBundlesFailClearly(vector: String) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let model = try copyModel("v1.1.0-elliptic-key", to: directory, dropping: ["model.sig", "ignore-me"])
        do throws(ModelSigningError) {
            _ = try await verifier().verify(modelAt: model.path,
                                            signatureAt: TestEnvironment.vector("oms/spec/test-vectors/v1.0/\(vector)").path)
            Issue.record("\(vector) verified")
        } catch {
            #expect(!error.description.isEmpty)
            if error.code == .modelMismatch { Issue.record("\(vector) failed only at the model comparison: \(error)") }
        }
    }

    @Test func wrongKeyFailsOnTheHint() async throws {
        let folder = TestEnvironment.vector("oms/historical/v1.1.0-elliptic-key")
        let other = ModelVerifier(verifier: KeyVerifier(publicKey: ECPrivateKey.generate(curve: .p384).publicKey))
        do throws(ModelSigningError) {
            _ = try await other.verify(modelAt: folder.path, signatureAt: folder.appendingPathComponent("model.sig").path)
            Issue.record("verified with another key")
        } catch {
            guard error.code == .verificationMaterialMismatch else { Issue.record("unexpected error \(error)"); return }
        }
    }

    @Test func wrongKeyFailsOnTheSignatureWhenThereIsNoHint() async throws {
        let folder = TestEnvironment.vector("oms/historical/v1.0.1-elliptic-key")
        let other = ModelVerifier(verifier: KeyVerifier(publicKey: ECPrivateKey.generate(curve: .p384).publicKey),
                                  ignorePaths: [ModelPath("ignore-me")!])
        await #expect(throws: ModelSigningError.self) {
            try await other.verify(modelAt: folder.path, signatureAt: folder.appendingPathComponent("model.sig").path)
        }
    }

    @Test func certificateBundleIsRefusedByTheKeyVerifier() async throws {
        let folder = TestEnvironment.vector("oms/historical/v1.0.1-certificate")
        do throws(ModelSigningError) {
            _ = try await verifier(ignoring: ["ignore-me"]).verify(
                modelAt: folder.path, signatureAt: folder.appendingPathComponent("model.sig").path)
            Issue.record("certificate bundle verified as key")
        } catch {
            guard error.code == .verificationMaterialMismatch else { Issue.record("unexpected error \(error)"); return }
        }
    }

    private func copyModel(_ name: String, to directory: TemporaryDirectory, dropping: [String]) throws -> URL {
        let source = TestEnvironment.vector("oms/historical/\(name)")
        let destination = directory.appending("model")
        try FileManager.default.copyItem(at: source, to: destination)
        for file in dropping { try FileManager.default.removeItem(at: destination.appendingPathComponent(file)) }
        return destination
    }
}
