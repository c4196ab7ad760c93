import Foundation
import SwiftASN1
import Testing
@testable import Sigstore

/// RFC 3161 tokens are parsed as strictly as RFC 5652 and RFC 3161 say (issue 15, point 5):
/// fields outside the signed attributes that a forger could change without breaking the
/// signature are checked too.
@Suite(.enabled(if: TestVectors.available, "test vectors not found"))  // needs the shared vectors
struct TimestampStrictParsingTests {
    static let bundlePath = "oms/historical/v1.1.0-sigstore/model.sig"  // Rekor v1 dsse, SET, proof, 1 TSA
    static let policy = VerificationPolicy.identity("stefanb@us.ibm.com", issuer: Issuers.ibm)

    /// One change to the token: which node (found by walking the parsed DER) and the new value
    /// of its last content byte.
    struct Mutation: Sendable, CustomTestStringConvertible {
        let name: String
        let path: @Sendable (ASN1Node) throws -> ASN1Node
        let newLastByte: UInt8
        var testDescription: String { name }
    }

    static func signedData(_ token: ASN1Node) throws -> [ASN1Node] {
        var contentInfo = token
        let top = try token.children("token")
        if top.first?.identifier != .objectIdentifier { contentInfo = top[1] }  // TimeStampResp
        return try contentInfo.children("ContentInfo")[1].children("[0]")[0].children("SignedData")
    }

    static func signerInfo(_ token: ASN1Node) throws -> [ASN1Node] {
        try signedData(token).last!.children("signerInfos")[0].children("SignerInfo")
    }

    static let mutations: [Mutation] = [
        Mutation(name: "SignedData.version 3 → 1", path: { try signedData($0)[0] }, newLastByte: 1),
        Mutation(name: "SignedData.version 3 → 2", path: { try signedData($0)[0] }, newLastByte: 2),
        Mutation(name: "digestAlgorithms SHA-256 → SHA-512", path: { try signedData($0)[1].children("set")[0].children("alg")[0] },
                 newLastByte: 3),
        Mutation(name: "SignerInfo.version 1 → 3", path: { try signerInfo($0)[0] }, newLastByte: 3),
    ]

    private func mutated(_ mutation: Mutation) throws -> [UInt8] {
        let bundle = try TestVectors.bundle(Self.bundlePath)
        var token = bundle.verificationMaterial.rfc3161Timestamps[0]
        let node = try mutation.path(try DER.parse(token))
        let offset = node.encodedBytes.endIndex - 1
        #expect(token[offset] != mutation.newLastByte, "the mutation must change a byte")
        token[offset] = mutation.newLastByte
        return token
    }

    @Test(arguments: mutations)
    func mutatedTokenIsRefused(mutation: Mutation) async throws {
        let token = try mutated(mutation)
        #expect(throws: DERFormatError.self) { try TimeStampToken(token) }

        var bundle = try TestVectors.bundle(Self.bundlePath)
        bundle.verificationMaterial.rfc3161Timestamps[0] = token
        let verifier = SigstoreVerifier(trustedRoot: try TrustedRoot.production(), policy: Self.policy)
        let error = await #expect(throws: SigstoreVerificationError.self, "a token with \(mutation.name) was accepted") {
            _ = try await verifier.verifyDSSE(bundle)
        }
        #expect(error?.check == .timestamp)
        #expect(error?.reason.contains("malformed") == true)
    }

    @Test func tstInfoVersionOtherThanOneIsRefused() throws {
        let bundle = try TestVectors.bundle(Self.bundlePath)
        var token = bundle.verificationMaterial.rfc3161Timestamps[0]
        let tstInfo = try TimeStampToken(token).tstInfoDER
        let start = try #require(token.firstRange(of: tstInfo)).lowerBound
        let version = try DER.parse(tstInfo).children("TSTInfo")[0]
        token[start + version.encodedBytes.endIndex - 1] = 2
        let error = #expect(throws: DERFormatError.self) { try TimeStampToken(token) }
        #expect(error?.reason.contains("TSTInfo.version") == true)
    }

    @Test func unmutatedTokenStillParses() throws {
        let bundle = try TestVectors.bundle(Self.bundlePath)
        let token = try TimeStampToken(bundle.verificationMaterial.rfc3161Timestamps[0])
        #expect(token.digestAlgorithm == .sha256)
    }
}
