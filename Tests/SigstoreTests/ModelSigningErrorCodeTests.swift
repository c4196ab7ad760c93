import Foundation
import ModelHashing
import ModelSigning
import Testing
@testable import Sigstore

/// A caller tells failures apart by ``ModelSigningError/code`` — never by parsing messages —
/// on a real keyless model signature (model_signing 1.1.0, public-good instance).
@Suite(.enabled(if: TestVectors.available, "test vectors not found"))  // needs the shared vectors
struct ModelSigningErrorCodeTests {
    static let model = "oms/historical/v1.1.0-sigstore"
    static let identity = "stefanb@us.ibm.com"

    /// Verifies the vector model (or `folder`) and returns the error.
    private func failure(root: TrustedRoot, identity: String = identity, folder: String? = nil) async throws -> ModelSigningError? {
        let path = folder ?? TestVectors.url(Self.model).path
        let verifier = SigstoreModelVerifier(trustedRoot: root, policy: .identity(identity, issuer: Issuers.ibm))
        let ignoreMe = try #require(ModelPath("ignore-me"))
        do {
            _ = try await ModelVerifier(verifier: verifier, ignorePaths: [ignoreMe]).verify(modelAt: path, signatureAt: path + "/model.sig")
            Issue.record("verified")
            return nil
        } catch {
            return error
        }
    }

    @Test func theVectorVerifiesWithTheProductionRoot() async throws {
        let path = TestVectors.url(Self.model).path
        let verifier = SigstoreModelVerifier(trustedRoot: try .production(), policy: .identity(Self.identity, issuer: Issuers.ibm))
        let result = try await ModelVerifier(verifier: verifier, ignorePaths: [try #require(ModelPath("ignore-me"))])
            .verify(modelAt: path, signatureAt: path + "/model.sig")
        #expect(result.signedManifest.resources.count == 2)
    }

    @Test func sctInvalidChainInvalidIdentityMismatchAndDigestMismatchHaveTheirOwnCodes() async throws {
        // No CT log trusted: the chain holds, the embedded SCT cannot be verified.
        var noCTLog = try TrustedRoot.production()
        noCTLog.certificateTransparencyLogs = []
        let sct = try #require(try await failure(root: noCTLog))
        #expect(sct.code == .signedCertificateTimestamp, "\(sct)")
        #expect(sct.sigstoreCheck == .signedCertificateTimestamp)
        #expect(sct.description.hasPrefix("certificate: signed certificate timestamp: "))

        // Another instance's Fulcio CAs: the signing certificate chains to none of them.
        var otherCAs = try TrustedRoot.production()
        otherCAs.certificateAuthorities = try TrustedRoot.staging().certificateAuthorities
        let chain = try #require(try await failure(root: otherCAs))
        #expect(chain.code == .certificateChain, "\(chain)")
        #expect(chain.sigstoreCheck == .certificateChain)
        #expect(chain.description.hasPrefix("certificate: certificate chain: "))

        let identity = try #require(try await failure(root: try .production(), identity: "someone@us.ibm.com"))
        #expect(identity.code == .identityMismatch, "\(identity)")
        #expect(identity.description.hasPrefix("certificate: identity: no SubjectAltName matches"))

        // One changed byte: the file's digest differs from the signed one.
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("error-codes-\(UInt64.random(in: 0...UInt64.max))")
        defer { try? FileManager.default.removeItem(at: work) }
        try FileManager.default.copyItem(at: TestVectors.url(Self.model), to: work)
        let file = work.appendingPathComponent("signme-1")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        var bytes = try Data(contentsOf: file)
        bytes[0] ^= 0x01
        try bytes.write(to: file)
        let digest = try #require(try await failure(root: try .production(), folder: work.path))
        #expect(digest.code == .modelMismatch, "\(digest)")
        #expect(digest.mismatch?.changed.map(\.name) == ["signme-1"])
        #expect(digest.sigstoreCheck == nil)

        let codes = [sct.code, chain.code, identity.code, digest.code]
        #expect(Set(codes).count == 4)
        #expect(codes.filter(\.isCertificateFailure).count == 3)
    }

    @Test func codesAreStableAndDistinct() {
        #expect(Set(ModelSigningError.Code.all.map(\.rawValue)).count == ModelSigningError.Code.all.count)
        #expect(ModelSigningError.Code.signedCertificateTimestamp.rawValue == "signed-certificate-timestamp")
        #expect(ModelSigningError.Code.certificateChain.rawValue == "certificate-chain")
        #expect(ModelSigningError.Code.identityMismatch.rawValue == "identity-mismatch")
        #expect(ModelSigningError.Code.modelMismatch.rawValue == "model-mismatch")
        for code in ModelSigningError.Code.all {
            #expect(ModelSigningError.Code(rawValue: code.rawValue) == code)
        }
        #expect(ModelSigningError.Code(rawValue: "no-such-code") == nil)
    }

    @Test func messagesReadAsBefore() {
        // The text each old enum case printed, now built from a code.
        #expect(ModelSigningError.key(path: "k.pem", reason: "bad").description == "key k.pem: bad")
        #expect(ModelSigningError.key(path: nil, reason: "bad").description == "key: bad")
        #expect(ModelSigningError.io(path: "/m/a", reason: "gone").description == "/m/a: gone")
        #expect(ModelSigningError.invalidSignature("x").description == "signature invalid: x")
        #expect(ModelSigningError.invalidPayload("x").description == "signed statement invalid: x")
        #expect(ModelSigningError.certificate("x").description == "certificate: x")
        #expect(ModelSigningError.invalidRequest("x").description == "x")
        #expect(ModelSigningError.signingService("Fulcio: 500").description == "Fulcio: 500")
        #expect(ModelSigningError.key(path: "k.pem", reason: "bad").path == "k.pem")
        let hashing = ModelSigningError.hashing(.fileChanged(path: "a"))
        #expect(hashing.code == .hashing)
        #expect(hashing.description == ModelHashingError.fileChanged(path: "a").description)
    }
}
