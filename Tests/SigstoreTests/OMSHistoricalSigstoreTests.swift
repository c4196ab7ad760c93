import Foundation
import Testing
import X509
@testable import Sigstore

/// The keyless signatures written by model_signing v0.3.1 to v1.1.0, verified offline on the
/// bundled production root. (Model re-hashing is ModelSigning's job; here the signed statement
/// is checked against the model's files with a direct SHA-256 computation.)
@Suite(.enabled(if: TestVectors.available, "test vectors not found"))  // needs the shared vectors
struct OMSHistoricalSigstoreTests {
    static let cases = ["v0.3.1-sigstore", "v1.0.0-sigstore", "v1.0.1-sigstore", "v1.1.0-sigstore"]
    static let policy = VerificationPolicy.identity("stefanb@us.ibm.com", issuer: Issuers.ibm)

    private func verify(_ name: String, policy: VerificationPolicy = Self.policy) async throws -> SigstoreVerificationResult {
        let bundle = try TestVectors.bundle("oms/historical/\(name)/model.sig")
        return try await SigstoreVerifier(trustedRoot: try TrustedRoot.production(), policy: policy).verifyDSSE(bundle)
    }

    /// The subject digest of the signed statement and the digests of its resources.
    private func statement(_ payload: [UInt8]) throws -> (subject: [UInt8], resources: [(String, [UInt8])]) {
        let json = try JSONReader(document: payload)
        let subject = try #require(try json.objects("subject").first?.object("digest").string("sha256"))
        let resources = try json.object("predicate").objects("resources").map { resource in
            (try resource.string("name"), [UInt8](hex: try resource.string("digest")))
        }
        return ([UInt8](hex: subject), resources)
    }

    @Test(arguments: cases)
    func verifiesWithTheSignersIdentity(_ name: String) async throws {
        let result = try await verify(name)
        #expect(result.identity?.subjectAlternativeNames == ["stefanb@us.ibm.com"])
        #expect(result.identity?.issuer == Issuers.ibm)
        #expect(result.logEntries.count == 1 && result.logEntries[0].kind == "dsse")
        #expect(result.logEntries[0].inclusionProofVerified && result.logEntries[0].signedEntryTimestampVerified)
        #expect(result.trustedTimes.count == (name == "v1.1.0-sigstore" ? 2 : 1))

        // The statement describes the files of the model: SHA-256 per file, root over them.
        let payload = try #require(result.payload)
        let (subject, resources) = try statement(payload)
        #expect(resources.map(\.0) == ["signme-1", "signme-2"])
        var concatenated: [UInt8] = []
        for (file, digest) in resources {
            let content = try TestVectors.bytes("oms/historical/\(name)/\(file)")
            #expect(DigestAlgorithm.sha256.hash(content) == digest, "\(file)")
            concatenated += digest
        }
        #expect(DigestAlgorithm.sha256.hash(concatenated) == subject)

        // One changed byte of the model gives another digest than the one signed.
        var changed = try TestVectors.bytes("oms/historical/\(name)/signme-1")
        changed[0] ^= 0x01
        #expect(DigestAlgorithm.sha256.hash(changed) != resources[0].1)
    }

    @Test(arguments: cases)
    func failsWithAnotherIdentityOrIssuer(_ name: String) async throws {
        for policy in [VerificationPolicy.identity("stefanb@example.com", issuer: Issuers.ibm),
                       VerificationPolicy.identity("stefanb@us.ibm.com", issuer: "https://accounts.google.com")] {
            await #expect(throws: SigstoreVerificationError.self) { _ = try await verify(name, policy: policy) }
        }
    }

    @Test(arguments: cases)
    func failsOnStaging(_ name: String) async throws {
        let bundle = try TestVectors.bundle("oms/historical/\(name)/model.sig")
        let error = await #expect(throws: SigstoreVerificationError.self) {
            _ = try await SigstoreVerifier(trustedRoot: try TrustedRoot.staging(), policy: Self.policy).verifyDSSE(bundle)
        }
        #expect(error?.check == .signedEntryTimestamp)
    }

    @Test func specValidSigstoreBundle() async throws {
        let bundle = try TestVectors.bundle("oms/spec/test-vectors/v1.0/valid/sigstore.bundle.json")
        let result = try await SigstoreVerifier(trustedRoot: try TrustedRoot.production(), policy: Self.policy).verifyDSSE(bundle)
        #expect(result.payload == (try await verify("v1.1.0-sigstore")).payload)
    }

    @Test func specBundleWithoutTransparencyLogEntries() async throws {
        // Keyless, with an RFC 3161 timestamp but no `tlogEntries`: the schema and the clients reject it.
        let bundle = try TestVectors.bundle("oms/spec/test-vectors/v1.0/invalid/missing-tlog-entries.bundle.json")
        #expect(!bundle.verificationMaterial.hasTlogEntriesField)
        let error = await #expect(throws: SigstoreVerificationError.self) {
            _ = try await SigstoreVerifier(trustedRoot: try TrustedRoot.production(), policy: Self.policy).verifyDSSE(bundle)
        }
        #expect(error?.check == .bundleStructure)
    }

    @Test func issuerFromTheOlderExtension() throws {
        // This leaf has only the raw 1.3.6.1.4.1.57264.1.1 issuer extension.
        let bundle = try TestVectors.bundle("sigstore/bundles/sigstore-go/bundles/dsse.sigstore.json")
        guard case .x509CertificateChain(let chain) = bundle.verificationMaterial.signer else { Issue.record("no chain"); return }
        let leaf = try Certificate(derEncoded: chain[0])
        #expect(leaf.extensions[oid: CertificateIdentity.issuerV2OID] == nil)
        let identity = try CertificateIdentity(leaf)
        #expect(identity.issuer == Issuers.githubOAuth)
        #expect(identity.subjectAlternativeNames == ["brian@dehamer.com"])
    }

    @Test func otherNameIdentity() throws {
        let bundle = try TestVectors.bundle("sigstore/bundles/sigstore-go/bundles/othername.sigstore.json")
        guard case .certificate(let der) = bundle.verificationMaterial.signer else { Issue.record("no certificate"); return }
        let identity = try CertificateIdentity(try Certificate(derEncoded: der))
        #expect(identity.subjectAlternativeNames == ["foo!oidc.local"])
        #expect(identity.issuer == "http://oidc.local:8080")
        try IdentityPolicy(identity: "foo!oidc.local", issuer: "http://oidc.local:8080").check(identity)
        #expect(throws: SigstoreVerificationError.self) {
            try IdentityPolicy(identity: "foo@oidc.local", issuer: "http://oidc.local:8080").check(identity)
        }
    }
}
