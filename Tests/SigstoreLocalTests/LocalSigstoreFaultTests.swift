import Crypto
import Foundation
import ModelSigningTestSupport
@testable import Sigstore
@testable import SigstoreLocal
import Testing
import X509

/// Each fault changes what the named service answers, checked at the HTTP level with our
/// verifier's pieces; and Rekor and the TSA answer correctly without faults.
@Suite struct LocalSigstoreFaultTests {
    /// A signed artifact with its Fulcio certificate, and the Rekor requests that log it.
    struct Signed {
        var key: P256.Signing.PrivateKey
        var certificate: Certificate
        var chain: [Certificate]
        var digest: [UInt8]
        var signature: [UInt8]

        static func make(_ stack: LocalSigstore) async throws -> Signed {
            let key = P256.Signing.PrivateKey()
            let chain = try FulcioRequest.chain(try await FulcioRequest.csr(stack, token: stack.identityToken, key: key))
            let artifact = Array("artifact \(UUID())".utf8)
            return Signed(key: key, certificate: chain[0], chain: chain, digest: Array(SHA256.hash(data: artifact)),
                          signature: Array(try key.signature(for: artifact).derRepresentation))
        }

        var rekorV1Request: [String: Any] {
            ["apiVersion": "0.0.1", "kind": "hashedrekord", "spec": [
                "data": ["hash": ["algorithm": "sha256", "value": Hex.encode(digest)]],
                "signature": ["content": Data(signature).base64EncodedString(),
                              "publicKey": ["content": Data(certificate.pemText.utf8).base64EncodedString()]],
            ] as [String: Any]]
        }

        var rekorV2Request: [String: Any] {
            ["hashedRekordRequestV002": ["digest": Data(digest).base64EncodedString(), "signature": [
                "content": Data(signature).base64EncodedString(),
                "verifier": ["x509Certificate": ["rawBytes": Data(certificate.derBytes).base64EncodedString()],
                             "keyDetails": "PKIX_ECDSA_P256_SHA_256"],
            ] as [String: Any]] as [String: Any]]
        }
    }

    /// What a Rekor answer says, checked with our verifier's code.
    struct LoggedEntry {
        var body: [UInt8]
        var index: Int64
        var treeSize: Int64
        var rootHash: [UInt8]
        var proof: [[UInt8]]
        var checkpoint: String

        func proofVerifies() -> Bool {
            (try? MerkleTree.rootFromInclusionProof(index: index, size: treeSize, leafHash: MerkleTree.leafHash(body), proof: proof)) == rootHash
        }

        func checkpointVerifies(with log: TransparencyLogInstance) -> Bool {
            guard let parsed = try? Checkpoint(checkpoint), parsed.rootHash == rootHash, parsed.size == treeSize else { return false }
            return (try? parsed.verify(by: log)) != nil
        }
    }

    static func rekorV1(_ stack: LocalSigstore, _ signed: Signed) async throws -> (LoopbackHTTP.Reply, LoggedEntry?) {
        let reply = try await LoopbackHTTP.postJSON(stack.rekorV1URL + "/api/v1/log/entries", signed.rekorV1Request)
        guard reply.status == 201, let (_, value) = reply.json?.first, let entry = value as? [String: Any],
              let verification = entry["verification"] as? [String: Any],
              let proof = verification["inclusionProof"] as? [String: Any] else { return (reply, nil) }
        return (reply, LoggedEntry(
            body: Base64.decode(entry["body"] as? String ?? "") ?? [], index: Int64(proof["logIndex"] as? Int ?? -1),
            treeSize: Int64(proof["treeSize"] as? Int ?? 0), rootHash: Hex.decode(proof["rootHash"] as? String ?? "") ?? [],
            proof: (proof["hashes"] as? [String] ?? []).compactMap { Hex.decode($0) }, checkpoint: proof["checkpoint"] as? String ?? ""))
    }

    static func rekorV2(_ stack: LocalSigstore, _ signed: Signed) async throws -> (LoopbackHTTP.Reply, LoggedEntry?) {
        let reply = try await LoopbackHTTP.postJSON(stack.rekorV2URL + "/api/v2/log/entries", signed.rekorV2Request)
        guard reply.status == 201, let entry = reply.json, let proof = entry["inclusionProof"] as? [String: Any] else { return (reply, nil) }
        return (reply, LoggedEntry(
            body: Base64.decode(entry["canonicalizedBody"] as? String ?? "") ?? [], index: Int64(entry["logIndex"] as? String ?? "") ?? -1,
            treeSize: Int64(proof["treeSize"] as? String ?? "") ?? 0, rootHash: Base64.decode(proof["rootHash"] as? String ?? "") ?? [],
            proof: (proof["hashes"] as? [String] ?? []).compactMap { Base64.decode($0) },
            checkpoint: (proof["checkpoint"] as? [String: Any])?["envelope"] as? String ?? ""))
    }

    static func trustedRoot(_ stack: LocalSigstore) throws -> TrustedRoot {
        try TrustedRoot(contentsOf: URL(fileURLWithPath: stack.trustedRootPath))
    }

    static func log(_ root: TrustedRoot, _ url: String) throws -> TransparencyLogInstance {
        try #require(root.transparencyLogs.first { $0.baseURL == url })
    }

    @Test func rekorV1AndV2AnswerVerifiableEntries() async throws {
        try await LocalSigstoreHTTPTests.withStack { stack, _ in
            let root = try Self.trustedRoot(stack)
            let signed = try await Signed.make(stack)
            let (v1Reply, v1) = try await Self.rekorV1(stack, signed)
            let v1Entry = try #require(v1, "\(v1Reply.status) \(v1Reply.text)")
            let v1Log = try Self.log(root, stack.rekorV1URL)
            let v2Log = try Self.log(root, stack.rekorV2URL)
            #expect(v1Entry.proofVerifies() && v1Entry.checkpointVerifies(with: v1Log))
            let expectedBody = try LocalRekorV1.canonicalBody(Array(JSONSerialization.data(withJSONObject: signed.rekorV1Request)))
            #expect(v1Entry.body == expectedBody)
            // The SET verifies with the log key over the entry.
            let entryObject = try #require(v1Reply.json?.first?.value as? [String: Any])
            let setText = try #require((entryObject["verification"] as? [String: Any])?["signedEntryTimestamp"] as? String)
            let set = try #require(Base64.decode(setText))
            let payload = SignedEntryTimestamp.signedPayload(body: v1Entry.body, integratedTime: Int64(entryObject["integratedTime"] as? Int ?? 0),
                                                             logID: v1Log.logID, logIndex: v1Entry.index)
            #expect(v1Log.key?.isValidSignature(set, for: payload) == true)
            // The same entry again is a conflict, as in Rekor.
            #expect(try await LoopbackHTTP.postJSON(stack.rekorV1URL + "/api/v1/log/entries", signed.rekorV1Request).status == 409)

            let (v2Reply, v2) = try await Self.rekorV2(stack, signed)
            let v2Entry = try #require(v2, "\(v2Reply.status) \(v2Reply.text)")
            #expect(v2Entry.proofVerifies() && v2Entry.checkpointVerifies(with: v2Log))
            let v2Origin = try Checkpoint(v2Entry.checkpoint).origin
            #expect(v2Origin == v2Log.hostName)

            // A signature over another digest is refused.
            var forged = signed
            forged.digest[0] ^= 1
            #expect(try await LoopbackHTTP.postJSON(stack.rekorV1URL + "/api/v1/log/entries", forged.rekorV1Request).status == 400)
            #expect(try await LoopbackHTTP.postJSON(stack.rekorV2URL + "/api/v2/log/entries", forged.rekorV2Request).status == 400)
        }
    }

    @Test func fulcioFaults() async throws {
        try await LocalSigstoreHTTPTests.withStack { stack, _ in
            let trustedRootCertificate = try Self.trustedRoot(stack).certificateAuthorities[0].certificates.last
            await stack.setFault(.fulcioUntrustedChain)
            let key = P256.Signing.PrivateKey()
            let untrusted = try FulcioRequest.chain(try await FulcioRequest.csr(stack, token: stack.identityToken, key: key))
            #expect(untrusted.last != trustedRootCertificate)
            #expect(untrusted[0].publicKey == Certificate.PublicKey(key.publicKey))
            await stack.setFault(.fulcioCertificateForOtherKey)
            let otherKey = try FulcioRequest.chain(try await FulcioRequest.csr(stack, token: stack.identityToken, key: key))
            #expect(otherKey[0].publicKey != Certificate.PublicKey(key.publicKey))
            #expect(otherKey.last == trustedRootCertificate)
            await stack.setFault(nil)
            let normal = try FulcioRequest.chain(try await FulcioRequest.csr(stack, token: stack.identityToken, key: key))
            #expect(normal[0].publicKey == Certificate.PublicKey(key.publicKey) && normal.last == trustedRootCertificate)
        }
    }

    @Test func rekorFaults() async throws {
        try await LocalSigstoreHTTPTests.withStack { stack, _ in
            let root = try Self.trustedRoot(stack)
            let v1Log = try Self.log(root, stack.rekorV1URL)
            let v2Log = try Self.log(root, stack.rekorV2URL)

            await stack.setFault(.rekorEntryForOtherBody)
            var signed = try await Signed.make(stack)
            let expectedV1 = try LocalRekorV1.canonicalBody(Array(JSONSerialization.data(withJSONObject: signed.rekorV1Request)))
            let expectedV2 = try LocalRekorV2.canonicalBody(Array(JSONSerialization.data(withJSONObject: signed.rekorV2Request)))
            let otherV1 = try #require(try await Self.rekorV1(stack, signed).1)
            let otherV2 = try #require(try await Self.rekorV2(stack, signed).1)
            #expect(otherV1.body != expectedV1 && otherV2.body != expectedV2)

            await stack.setFault(.rekorBadInclusionProof)
            signed = try await Signed.make(stack)
            let badProofV1 = try #require(try await Self.rekorV1(stack, signed).1)
            let badProofV2 = try #require(try await Self.rekorV2(stack, signed).1)
            #expect(!badProofV1.proofVerifies() && !badProofV2.proofVerifies())
            #expect(badProofV1.checkpointVerifies(with: v1Log) && badProofV2.checkpointVerifies(with: v2Log))

            await stack.setFault(.rekorCheckpointWrongKey)
            signed = try await Signed.make(stack)
            let wrongKeyV1 = try #require(try await Self.rekorV1(stack, signed).1)
            let wrongKeyV2 = try #require(try await Self.rekorV2(stack, signed).1)
            #expect(wrongKeyV1.proofVerifies() && wrongKeyV2.proofVerifies())
            #expect(!wrongKeyV1.checkpointVerifies(with: v1Log) && !wrongKeyV2.checkpointVerifies(with: v2Log))

            await stack.setFault(nil)
            signed = try await Signed.make(stack)
            let goodV1 = try #require(try await Self.rekorV1(stack, signed).1)
            let expectedBody = try LocalRekorV1.canonicalBody(Array(JSONSerialization.data(withJSONObject: signed.rekorV1Request)))
            #expect(goodV1.proofVerifies() && goodV1.checkpointVerifies(with: v1Log) && goodV1.body == expectedBody)
        }
    }

    @Test func tsaFault() async throws {
        try await LocalSigstoreHTTPTests.withStack { stack, _ in
            let signature = Array("signature bytes".utf8)
            let authorities = try Self.trustedRoot(stack).timestampAuthorities
            let query = LocalSigstorePiecesTests.timestampQuery(over: signature)
            let good = try await LoopbackHTTP.request("POST", stack.tsaURL, body: query, contentType: "application/timestamp-query")
            #expect(good.status == 200 && good.header("Content-Type") == "application/timestamp-reply")
            if case .verified = try await TimestampVerifier(authorities: authorities).verify(good.body, over: signature, label: "t") {} else {
                Issue.record("the TSA's timestamp does not verify")
            }
            await stack.setFault(.tsaWrongDigest)
            let wrong = try await LoopbackHTTP.request("POST", stack.tsaURL, body: query, contentType: "application/timestamp-query")
            #expect(wrong.status == 200)
            let token = try TimeStampToken(wrong.body)
            #expect(token.imprint != Array(SHA256.hash(data: signature)))
            let badType = try await LoopbackHTTP.request("POST", stack.tsaURL, body: query, contentType: "application/json")
            #expect(badType.status == 415)
        }
    }

    @Test func downSlowAndStatusFaults() async throws {
        try await LocalSigstoreHTTPTests.withStack { stack, _ in
            let discovery = stack.oidcURL + "/.well-known/openid-configuration"
            for service in LocalSigstoreService.allCases {
                let url = Self.url(stack, service)
                await stack.setFault(.status(service, code: 503))
                let failing = try await LoopbackHTTP.get(url)
                #expect(failing.status == 503, "\(service)")
                #expect(try await LoopbackHTTP.get(discovery).status == (service == .oidc ? 503 : 200))

                await stack.setFault(.down(service))
                await #expect(throws: (any Error).self, "\(service) still answers while down") {
                    _ = try await LoopbackHTTP.request("GET", url, timeout: 5)
                }
                await stack.setFault(nil)
                #expect(try await LoopbackHTTP.get(url).status != 503, "\(service) did not come back")
            }
            await stack.setFault(.slow(.fulcio, seconds: 1.5))
            let start = Date()
            _ = try await LoopbackHTTP.get(stack.fulcioURL + "/api/v2/trustBundle")
            #expect(Date().timeIntervalSince(start) >= 1.4)
            let other = Date()
            _ = try await LoopbackHTTP.get(discovery)
            #expect(Date().timeIntervalSince(other) < 1.4)
            await stack.setFault(nil)
        }
    }

    static func url(_ stack: LocalSigstore, _ service: LocalSigstoreService) -> String {
        switch service {
        case .oidc: return stack.oidcURL + "/keys"
        case .fulcio: return stack.fulcioURL + "/api/v2/trustBundle"
        case .rekorV1: return stack.rekorV1URL + "/api/v1/log"
        case .rekorV2: return stack.rekorV2URL + "/api/v2/checkpoint"
        case .tsa: return stack.tsaURL
        }
    }
}
