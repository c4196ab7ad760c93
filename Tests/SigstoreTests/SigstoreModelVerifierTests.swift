import Foundation
import ModelHashing
import ModelSigning
import Testing
@testable import Sigstore

/// The ModelSigning-side verifier for keyless model signatures, through ModelVerifier.
@Suite(.enabled(if: TestVectors.available, "test vectors not found"))  // needs the shared vectors
struct SigstoreModelVerifierTests {
    static let identity = "stefanb@us.ibm.com"

    @Test(arguments: ["v0.3.1-sigstore", "v1.0.0-sigstore", "v1.0.1-sigstore", "v1.1.0-sigstore"])
    func historicalModels(_ name: String) async throws {
        let model = TestVectors.url("oms/historical/\(name)").path
        let verifier = try SigstoreModelVerifier(identity: Self.identity, oidcIssuer: Issuers.ibm)
        let ignoreMe = try #require(ModelPath("ignore-me"))
        let result = try await ModelVerifier(verifier: verifier, ignorePaths: [ignoreMe])
            .verify(modelAt: model, signatureAt: model + "/model.sig")
        #expect(result.signer == "stefanb@us.ibm.com (issuer https://sigstore.verify.ibm.com/oauth2)")
        #expect(result.signedManifest.resources.count == 2)
    }

    @Test func oneChangedByteIsAModelMismatch() async throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("sigstore-model-\(UInt64.random(in: 0...UInt64.max))")
        defer { try? FileManager.default.removeItem(at: work) }
        try FileManager.default.copyItem(at: TestVectors.url("oms/historical/v1.0.0-sigstore"), to: work)
        let file = work.appendingPathComponent("signme-1")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        var bytes = try Data(contentsOf: file)
        bytes[bytes.count - 1] ^= 0x01
        try bytes.write(to: file)
        let verifier = try SigstoreModelVerifier(identity: Self.identity, oidcIssuer: Issuers.ibm)
        do {
            _ = try await ModelVerifier(verifier: verifier).verify(modelAt: work.path, signatureAt: work.path + "/model.sig")
            Issue.record("verified a changed model")
        } catch {
            guard let mismatch = error.mismatch else { Issue.record("unexpected error \(error)"); return }
            #expect(mismatch.changed.map(\.name) == ["signme-1"])
        }
    }

    @Test func wrongIdentityIsACertificateError() async throws {
        let model = TestVectors.url("oms/historical/v1.1.0-sigstore").path
        let verifier = try SigstoreModelVerifier(identity: "other@us.ibm.com", oidcIssuer: Issuers.ibm)
        do {
            _ = try await ModelVerifier(verifier: verifier).verify(modelAt: model, signatureAt: model + "/model.sig")
            Issue.record("verified with another identity")
        } catch {
            guard error.code == .identityMismatch else { Issue.record("unexpected error \(error)"); return }
            let reason = error.reason
            #expect(reason.hasPrefix("identity: "))
        }
    }

    @Test func keyBundleIsAMaterialMismatch() async throws {
        let bundle = try TestVectors.bundle("oms/historical/v1.1.0-elliptic-key/model.sig")
        let verifier = try SigstoreModelVerifier(identity: Self.identity, oidcIssuer: Issuers.ibm)
        await #expect(throws: ModelSigningError.self) { _ = try await verifier.verifiedPayload(of: bundle) }
    }

    @Test func missingTrustConfigIsReported() throws {
        #expect(throws: ModelSigningError.self) {
            _ = try SigstoreModelVerifier(identity: Self.identity, oidcIssuer: Issuers.ibm, trustConfig: "/nonexistent/config.json")
        }
    }
}
