import Crypto
import Foundation
import ModelSigningTestSupport
@testable import Sigstore
@testable import SigstoreLocal
import SwiftASN1
import Testing
import X509

/// The stack's pieces, checked with our verifier's own code (Merkle proofs, checkpoints, SCTs,
/// timestamps) and the token checks Fulcio applies.
@Suite struct LocalSigstorePiecesTests {
    @Test func merkleProofsMatchOurVerifier() throws {
        var tree = LocalMerkleTree()
        for size in 1...33 {
            _ = tree.append(entry: Array("leaf \(size - 1)".utf8))
            let root = tree.rootHash(size: size)
            for index in 0..<size {
                let proof = tree.inclusionProof(index: index, size: size)
                let computed = try MerkleTree.rootFromInclusionProof(
                    index: Int64(index), size: Int64(size), leafHash: tree.leafHashes[index], proof: proof)
                #expect(computed == root, "leaf \(index) of \(size)")
            }
        }
        // RFC 6962 by hand for three leaves: root = H(H(l0, l1), l2).
        let leaves = tree.leafHashes
        #expect(tree.rootHash(size: 3) == MerkleTree.nodeHash(MerkleTree.nodeHash(leaves[0], leaves[1]), leaves[2]))
    }

    @Test func checkpointsVerifyWithOurCheckpointCode() throws {
        let ecdsa = LocalCheckpointSigner(origin: "127.0.0.1 - 42", signerName: "127.0.0.1", key: .ecdsa(P256.Signing.PrivateKey()))
        let ed25519 = LocalCheckpointSigner(origin: "127.0.0.1:8080", key: .ed25519(Curve25519.Signing.PrivateKey()))
        let root = Array(SHA256.hash(data: [1, 2, 3]))
        for (signer, details) in [(ecdsa, "PKIX_ECDSA_P256_SHA_256"), (ed25519, "PKIX_ED25519")] {
            let log = TransparencyLogInstance(baseURL: "http://" + signer.origin, logID: signer.logID, keyDetails: details,
                                              validity: ValidityPeriod(start: Date() - 60, end: nil), publicKeyBytes: signer.publicKeyDER)
            let good = try Checkpoint(try signer.checkpoint(size: 7, rootHash: root))
            #expect(good.origin == signer.origin && good.size == 7 && good.rootHash == root)
            try good.verify(by: log)
            let forged = try Checkpoint(try signer.checkpoint(size: 7, rootHash: root, wrongKey: true))
            #expect(throws: SigstoreVerificationError.self) { try forged.verify(by: log) }
        }
    }

    @Test func fulcioLeafCarriesTheExtensionsAndAnSCTOurVerifierAccepts() throws {
        let authority = try LocalCertificateAuthority(name: "test", notBefore: Date() - 3600)
        let ctLog = LocalCTLog(key: P256.Signing.PrivateKey())
        let key = P256.Signing.PrivateKey()
        let leaf = try authority.issueLeaf(for: Certificate.PublicKey(key.publicKey), identity: "a@example.test",
                                           oidcIssuer: "http://127.0.0.1:1", ctLog: ctLog)
        let san = try #require(leaf.extensions[oid: .X509ExtensionID.subjectAlternativeName])
        #expect(san.critical)
        #expect(try leaf.extensions.subjectAlternativeNames?.contains(.rfc822Name("a@example.test")) == true)
        #expect(try leaf.extensions.extendedKeyUsage?.contains(.codeSigning) == true)
        #expect(leaf.extensions[oid: LocalCertificateAuthority.issuerV1OID]?.value == ArraySlice("http://127.0.0.1:1".utf8))
        #expect(leaf.subject == DistinguishedName())
        #expect(leaf.notValidAfter.timeIntervalSince(leaf.notValidBefore) == 600)
        let identity = try CertificateIdentity(leaf)
        #expect(identity.issuer == "http://127.0.0.1:1")
        let log = TransparencyLogInstance(baseURL: "http://ct", logID: ctLog.logID, keyDetails: "PKIX_ECDSA_P256_SHA_256",
                                          validity: ValidityPeriod(start: Date() - 60, end: nil),
                                          publicKeyBytes: Array(ctLog.key.publicKey.derRepresentation))
        let verified = try SignedCertificateTimestamp.verifyEmbedded(in: leaf, chain: [leaf] + authority.chain, logs: [log])
        #expect(verified.count == 1)
        // Another CT log's key does not verify it.
        let other = LocalCTLog(key: P256.Signing.PrivateKey())
        let wrongLog = TransparencyLogInstance(baseURL: "http://ct", logID: ctLog.logID, keyDetails: "PKIX_ECDSA_P256_SHA_256",
                                               validity: ValidityPeriod(start: Date() - 60, end: nil),
                                               publicKeyBytes: Array(other.key.publicKey.derRepresentation))
        #expect(throws: SigstoreVerificationError.self) {
            try SignedCertificateTimestamp.verifyEmbedded(in: leaf, chain: [leaf] + authority.chain, logs: [wrongLog])
        }
    }

    @Test func tokensAreCheckedForSignatureAudienceAndExpiry() throws {
        let tokens = LocalIdentityToken(issuer: "http://127.0.0.1:9", signingKey: P256.Signing.PrivateKey(), keyID: "k")
        let now = Date()
        let good = tokens.make(subject: "s@x.test", email: "s@x.test", audience: "sigstore", issuedAt: now, expiresIn: 600)
        let claims = try tokens.check(good)
        #expect(claims.email == "s@x.test" && claims.subject == "s@x.test" && claims.audiences == ["sigstore"])
        let expired = tokens.make(subject: "s", email: nil, audience: "sigstore", issuedAt: now - 700, expiresIn: 600)
        let wrongAudience = tokens.make(subject: "s", email: nil, audience: "other", issuedAt: now, expiresIn: 600)
        let badlySigned = tokens.make(subject: "s", email: nil, audience: "sigstore", issuedAt: now, expiresIn: 600,
                                      signingKey: P256.Signing.PrivateKey())
        let otherIssuer = LocalIdentityToken(issuer: "http://elsewhere", signingKey: tokens.signingKey, keyID: "k")
            .make(subject: "s", email: nil, audience: "sigstore", issuedAt: now, expiresIn: 600)
        for (token, phrase) in [(expired, "expired"), (wrongAudience, "aud"), (badlySigned, "signature"), (otherIssuer, "iss"),
                                ("not.a-token", "JWS")] {
            #expect {
                _ = try tokens.check(token)
            } throws: { error in
                "\(error)".contains(phrase)
            }
        }
    }

    @Test func timestampsFromTheTSAVerifyWithOurTimestampVerifier() async throws {
        let directory = try TemporaryDirectory("sigstore-local-tsa")
        defer { directory.remove() }
        let tsa = try LocalTimestampAuthority(directory: directory.appending("tsa"), notBefore: Date() - 3600,
                                              faults: LocalSigstoreFaultState())
        let signature = Array("a signature".utf8)
        let reply = try tsa.reply(to: LocalSigstorePiecesTests.timestampQuery(over: signature))
        let authority = CertificateAuthority(organization: nil, commonName: nil, uri: "http://tsa", certificates: [tsa.leaf, tsa.root],
                                             validity: ValidityPeriod(start: Date() - 3600, end: nil))
        let verifier = TimestampVerifier(authorities: [authority])
        let outcome = try await verifier.verify(reply, over: signature, label: "timestamp")
        guard case .verified(let time, _) = outcome else {
            Issue.record("timestamp not verified: \(outcome)")
            return
        }
        #expect(abs(time.timeIntervalSinceNow) < 120)
        // A query with an altered imprint gets a genuine timestamp over other data: not counted.
        let altered = try #require(LocalTimestampAuthority.alteringImprint(of: LocalSigstorePiecesTests.timestampQuery(over: signature)))
        let otherOutcome = try await verifier.verify(try tsa.reply(to: altered), over: signature, label: "timestamp")
        if case .verified = otherOutcome { Issue.record("a timestamp over another digest was accepted") }
    }

    /// A DER TimeStampReq over SHA-256(`signature`) with a nonce and certReq.
    static func timestampQuery(over signature: [UInt8]) -> [UInt8] {
        let sha256OID: [UInt8] = [0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01]
        let algorithm = derEncode(tag: 0x30, content: sha256OID + [0x05, 0x00])
        let imprint = derEncode(tag: 0x30, content: algorithm + derEncode(tag: 0x04, content: Array(SHA256.hash(data: signature))))
        let nonce = derEncode(tag: 0x02, content: [0x01] + (0..<7).map { _ in UInt8.random(in: 0...255) })
        return derEncode(tag: 0x30, content: [0x02, 0x01, 0x01] + imprint + nonce + [0x01, 0x01, 0xFF])
    }
}
