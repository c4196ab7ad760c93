import Foundation
import Testing
import SwiftASN1
import X509
@testable import Sigstore

/// Negative cases derived by mutating valid bundles in memory.
@Suite(.enabled(if: TestVectors.available, "test vectors not found"))  // needs the shared vectors
struct MutationTests {
    static let omsBundle = "oms/historical/v1.1.0-sigstore/model.sig"  // Rekor v1 dsse, SET, proof, 1 TSA
    static let rekorV2Bundle = "sigstore/bundles/sigstore-java/bundle.dsse.rekor-v2.sigstore"  // Rekor v2, TSA only
    static let chainBundle = "sigstore/bundles/sigstore-java/bundle.v2.sigstore"  // v0.2, x509CertificateChain

    static let ibm = VerificationPolicy.identity("stefanb@us.ibm.com", issuer: Issuers.ibm)
    static let serviceAccount = VerificationPolicy.identity(Issuers.serviceAccount, issuer: Issuers.google)

    private func verifyDSSE(_ bundle: SigstoreBundle, policy: VerificationPolicy = MutationTests.ibm,
                            now: Date = Date()) async throws -> SigstoreVerificationResult {
        try await SigstoreVerifier(trustedRoot: try TrustedRoot.production(), policy: policy, currentTime: { now }).verifyDSSE(bundle)
    }

    /// Runs `verify` and returns the error, recording an issue when it succeeds.
    private func failure(_ verify: () async throws -> SigstoreVerificationResult) async throws -> SigstoreVerificationError? {
        do {
            _ = try await verify()
            Issue.record("the mutated bundle verified")
            return nil
        } catch let error as SigstoreVerificationError {
            return error
        }
    }

    @Test func unmutatedBundlesVerify() async throws {
        let result = try await verifyDSSE(try TestVectors.bundle(Self.omsBundle))
        #expect(result.trustedTimes.count == 2)  // the SET's integrated time and the TSA's
        #expect(result.logEntries.first?.inclusionProofVerified == true)
        #expect(result.logEntries.first?.signedEntryTimestampVerified == true)
        #expect(result.identity?.subjectAlternativeNames == ["stefanb@us.ibm.com"])
        let v2 = try await verifyDSSE(try TestVectors.bundle(Self.rekorV2Bundle), policy: Self.serviceAccount)
        #expect(v2.trustedTimes.count == 1)
        #expect(v2.logEntries.first?.signedEntryTimestampVerified == false)
        #expect(v2.logEntries.first?.inclusionProofVerified == true)
    }

    @Test func flippedSETByte() async throws {
        var bundle = try TestVectors.bundle(Self.omsBundle)
        bundle.verificationMaterial.tlogEntries[0].signedEntryTimestamp?[20] ^= 0x01
        let error = try await failure { try await verifyDSSE(bundle) }
        #expect(error?.check == .signedEntryTimestamp)
        #expect(error?.reason.contains("SET signature invalid for log https://rekor.sigstore.dev") == true)
    }

    @Test(arguments: [omsBundle, rekorV2Bundle])
    func flippedCheckpointSignatureByte(_ path: String) async throws {
        var bundle = try TestVectors.bundle(path)
        let text = try #require(bundle.verificationMaterial.tlogEntries[0].inclusionProof?.checkpoint)
        // The signature line: "— <name> <base64(key hash ‖ signature)>"; flip a signature byte.
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let index = try #require(lines.firstIndex { $0.hasPrefix("\u{2014} ") })
        var fields = lines[index].split(separator: " ").map(String.init)
        var blob = try #require(Base64.decode(fields[2]))
        blob[10] ^= 0x01
        fields[2] = Base64.encode(blob)
        lines[index] = fields.joined(separator: " ")
        bundle.verificationMaterial.tlogEntries[0].inclusionProof?.checkpoint = lines.joined(separator: "\n")
        let policy = path == Self.omsBundle ? Self.ibm : Self.serviceAccount
        let error = try await failure { try await verifyDSSE(bundle, policy: policy) }
        #expect(error?.check == .checkpoint)
        #expect(error?.reason.contains("checkpoint signature invalid for log") == true)
    }

    @Test(arguments: [omsBundle, rekorV2Bundle])
    func flippedInclusionProofHash(_ path: String) async throws {
        var bundle = try TestVectors.bundle(path)
        bundle.verificationMaterial.tlogEntries[0].inclusionProof?.hashes[3][7] ^= 0x80
        let policy = path == Self.omsBundle ? Self.ibm : Self.serviceAccount
        let error = try await failure { try await verifyDSSE(bundle, policy: policy) }
        #expect(error?.check == .inclusionProof)
        #expect(error?.reason.contains("inclusion proof does not reach the checkpoint root") == true)
    }

    @Test func changedBodyBreaksTheProof() async throws {
        // A body that re-serializes the same entry differently is not the logged leaf.
        var bundle = try TestVectors.bundle(Self.rekorV2Bundle)
        bundle.verificationMaterial.tlogEntries[0].canonicalizedBody.append(0x20)
        let error = try await failure { try await verifyDSSE(bundle, policy: Self.serviceAccount) }
        #expect(error?.check == .inclusionProof)
    }

    @Test func flippedSCTByteInTheCertificate() async throws {
        // The certificate's own signature covers the SCT, so the chain fails first.
        var bundle = try TestVectors.bundle(Self.omsBundle)
        guard case .certificate(var der) = bundle.verificationMaterial.signer else { Issue.record("no certificate"); return }
        let sctOID: [UInt8] = [0x06, 0x0A, 0x2B, 0x06, 0x01, 0x04, 0x01, 0xD6, 0x79, 0x02, 0x04, 0x02]
        let position = try #require(der.firstRange(of: sctOID)).upperBound + 40
        der[position] ^= 0x01
        bundle.verificationMaterial.signer = .certificate(der)
        let error = try await failure { try await verifyDSSE(bundle) }
        #expect(error?.check == .certificateChain || error?.check == .signedCertificateTimestamp)
    }

    @Test func flippedSCTSignatureByte() async throws {
        let bundle = try TestVectors.bundle(Self.omsBundle)
        guard case .certificate(let der) = bundle.verificationMaterial.signer else { Issue.record("no certificate"); return }
        let leaf = try Certificate(derEncoded: der)
        let result = try await verifyDSSE(bundle)
        guard case .certificate(_, _, let chain) = result.signer else { Issue.record("no chain"); return }
        let root = try TrustedRoot.production()
        var scts = try SignedCertificateTimestamp.embedded(in: leaf)
        #expect(try SignedCertificateTimestamp.verify(scts, of: leaf, chain: chain, logs: root.certificateTransparencyLogs).count == 1)

        scts[0].signature[scts[0].signature.count - 3] ^= 0x01
        let error = #expect(throws: SigstoreVerificationError.self) {
            _ = try SignedCertificateTimestamp.verify(scts, of: leaf, chain: chain, logs: root.certificateTransparencyLogs)
        }
        #expect(error?.check == .signedCertificateTimestamp)
        #expect(error?.reason.contains("SCT signature invalid for log https://ctfe.sigstore.dev/2022") == true)

        var shifted = try SignedCertificateTimestamp.embedded(in: leaf)
        shifted[0].timestamp += 1
        #expect(throws: SigstoreVerificationError.self) {
            _ = try SignedCertificateTimestamp.verify(shifted, of: leaf, chain: chain, logs: root.certificateTransparencyLogs)
        }
        var unknown = try SignedCertificateTimestamp.embedded(in: leaf)
        unknown[0].logID[0] ^= 0x01
        let unknownError = #expect(throws: SigstoreVerificationError.self) {
            _ = try SignedCertificateTimestamp.verify(unknown, of: leaf, chain: chain, logs: root.certificateTransparencyLogs)
        }
        #expect(unknownError?.reason.contains("unknown log") == true)
    }

    @Test func flippedTimestampTokenByte() async throws {
        // The last bytes of the token are the TSA's signature; the bundle also has a SET, so a
        // tampered timestamp must fail rather than be skipped.
        var bundle = try TestVectors.bundle(Self.omsBundle)
        let count = bundle.verificationMaterial.rfc3161Timestamps[0].count
        bundle.verificationMaterial.rfc3161Timestamps[0][count - 5] ^= 0x01
        let error = try await failure { try await verifyDSSE(bundle) }
        #expect(error?.check == .timestamp)
        #expect(error?.reason.contains("signature invalid for timestamp authority") == true)
    }

    @Test func flippedTimestampGenTime() async throws {
        var bundle = try TestVectors.bundle(Self.rekorV2Bundle)
        var token = bundle.verificationMaterial.rfc3161Timestamps[0]
        // genTime is a GeneralizedTime (tag 0x18, 15 bytes) in the TSTInfo.
        let position = try #require(token.firstRange(of: [0x18, 0x0F])).upperBound + 10
        token[position] ^= 0x01
        bundle.verificationMaterial.rfc3161Timestamps[0] = token
        let error = try await failure { try await verifyDSSE(bundle, policy: Self.serviceAccount) }
        #expect(error?.check == .timestamp)
        #expect(error?.reason.contains("messageDigest") == true)
    }

    @Test func timestampRemovedFromRekorV2Bundle() async throws {
        var bundle = try TestVectors.bundle(Self.rekorV2Bundle)
        bundle.verificationMaterial.rfc3161Timestamps = []
        let error = try await failure { try await verifyDSSE(bundle, policy: Self.serviceAccount) }
        #expect(error?.check == .bundleStructure)
        #expect(error?.reason.contains("RFC 3161 timestamp") == true)
    }

    @Test func timestampOverAnotherSignatureIsNotATrustedTime() async throws {
        // Move the OMS bundle's TSA token onto the Rekor v2 bundle: a genuine token from a
        // trusted TSA, but over another signature. It is skipped, leaving no trusted time.
        var bundle = try TestVectors.bundle(Self.rekorV2Bundle)
        bundle.verificationMaterial.rfc3161Timestamps = try TestVectors.bundle(Self.omsBundle).verificationMaterial.rfc3161Timestamps
        let error = try await failure { try await verifyDSSE(bundle, policy: Self.serviceAccount) }
        #expect(error?.check == .trustedTime)
        #expect(error?.reason.contains("over other data") == true)
    }

    @Test func swappedLogID() async throws {
        let root = try TrustedRoot.production()
        let rekorV2 = try #require(root.transparencyLogs.first { $0.baseURL.contains("log2025-1") })
        var bundle = try TestVectors.bundle(Self.omsBundle)
        bundle.verificationMaterial.tlogEntries[0].logID = rekorV2.logID
        let error = try await failure { try await verifyDSSE(bundle) }
        #expect(error?.check == .signedEntryTimestamp)

        var unknown = try TestVectors.bundle(Self.omsBundle)
        unknown.verificationMaterial.tlogEntries[0].logID[5] ^= 0x01
        let unknownError = try await failure { try await verifyDSSE(unknown) }
        #expect(unknownError?.reason.contains("which the trusted root does not list") == true)

        // Rekor v2 entry claimed by the Rekor v1 log.
        var v2 = try TestVectors.bundle(Self.rekorV2Bundle)
        let rekorV1 = try #require(root.transparencyLogs.first { $0.baseURL == "https://rekor.sigstore.dev" })
        v2.verificationMaterial.tlogEntries[0].logID = rekorV1.logID
        let v2Error = try await failure { try await verifyDSSE(v2, policy: Self.serviceAccount) }
        #expect(v2Error?.check == .checkpoint)
    }

    @Test func integratedTimeInTheFuture() async throws {
        var bundle = try TestVectors.bundle(Self.omsBundle)
        bundle.verificationMaterial.tlogEntries[0].integratedTime = Int64(Date().timeIntervalSince1970) + 86_400
        let error = try await failure { try await verifyDSSE(bundle) }
        #expect(error?.check == .signedEntryTimestamp)
        #expect(error?.reason.contains("in the future") == true)

        // The unmodified entry, with a clock set before its integration.
        let original = try TestVectors.bundle(Self.omsBundle)
        let past = Date(timeIntervalSince1970: 1_700_000_000)
        let pastError = try await failure { try await verifyDSSE(original, now: past) }
        #expect(pastError?.reason.contains("in the future") == true)
    }

    @Test func changedIntegratedTimeBreaksTheSET() async throws {
        var bundle = try TestVectors.bundle(Self.omsBundle)
        bundle.verificationMaterial.tlogEntries[0].integratedTime? -= 1
        let error = try await failure { try await verifyDSSE(bundle) }
        #expect(error?.check == .signedEntryTimestamp)
    }

    @Test func rootCertificateAddedToTheChain() async throws {
        let root = try TrustedRoot.production()
        let fulcio = try #require(root.certificateAuthorities.last)
        let rootDER = try #require(fulcio.certificates.last).subjectPublicKeyInfoIndependentDER
        let intermediateDER = try #require(fulcio.certificates.first).subjectPublicKeyInfoIndependentDER

        var bundle = try TestVectors.bundle(Self.chainBundle)
        guard case .x509CertificateChain(let chain) = bundle.verificationMaterial.signer else { Issue.record("no chain"); return }
        bundle.verificationMaterial.signer = .x509CertificateChain(chain + [intermediateDER, rootDER])
        let artifact = Artifact.file(TestVectors.url("sigstore/bundles/sigstore-java/artifact.txt"))
        let verifier = SigstoreVerifier(trustedRoot: root, policy: .identity("appu@google.com", issuer: Issuers.google))
        do {
            _ = try await verifier.verify(bundle, artifact: artifact)
            Issue.record("a chain with the root verified")
        } catch {
            #expect(error.check == .bundleStructure)
            #expect(error.reason.contains("root CA"))
        }
        // With only the intermediate added, the bundle still verifies.
        bundle.verificationMaterial.signer = .x509CertificateChain(chain + [intermediateDER])
        _ = try await verifier.verify(bundle, artifact: artifact)

        // The OMS v0.3 bundle rewritten with a chain [leaf, intermediate, root].
        var oms = try TestVectors.bundle(Self.omsBundle)
        guard case .certificate(let leaf) = oms.verificationMaterial.signer else { Issue.record("no certificate"); return }
        oms.verificationMaterial.signer = .x509CertificateChain([leaf, intermediateDER, rootDER])
        let omsError = try await failure { try await verifyDSSE(oms) }
        #expect(omsError?.check == .bundleStructure)
    }

    @Test func otherSignatureOrPayload() async throws {
        var bundle = try TestVectors.bundle(Self.omsBundle)
        guard case .dsseEnvelope(var envelope) = bundle.content else { Issue.record("not DSSE"); return }
        envelope.payload[40] ^= 0x01
        bundle.content = .dsseEnvelope(envelope)
        let error = try await failure { try await verifyDSSE(bundle) }
        #expect(error?.check == .signature)
    }

    @Test func identityPolicy() async throws {
        let bundle = try TestVectors.bundle(Self.omsBundle)
        let wrongIdentity = try await failure { try await verifyDSSE(bundle, policy: .identity("someone@us.ibm.com", issuer: Issuers.ibm)) }
        #expect(wrongIdentity?.check == .identity)
        let wrongIssuer = try await failure { try await verifyDSSE(bundle, policy: .identity("stefanb@us.ibm.com", issuer: Issuers.google)) }
        #expect(wrongIssuer?.check == .identity)
        // Exact by default: a prefix or a pattern is not enough.
        let prefix = try await failure { try await verifyDSSE(bundle, policy: .identity("stefanb@us.ibm.co", issuer: Issuers.ibm)) }
        #expect(prefix?.check == .identity)
        let pattern = try await failure { try await verifyDSSE(bundle, policy: .identity(".*@us.ibm.com", issuer: Issuers.ibm)) }
        #expect(pattern?.check == .identity)
        // Regular expressions when asked for explicitly, matching the whole value.
        _ = try await verifyDSSE(bundle, policy: .identity(IdentityPolicy(identity: .regularExpression(#"[a-z]+@us\.ibm\.com"#),
                                                                         issuer: .regularExpression(#"https://sigstore\.verify\.ibm\.com/.*"#))))
        let partial = try await failure {
            try await verifyDSSE(bundle, policy: .identity(IdentityPolicy(identity: .regularExpression("stefanb"), issuer: .exact(Issuers.ibm))))
        }
        #expect(partial?.check == .identity)
    }
}

extension Certificate {
    /// The certificate's DER.
    var subjectPublicKeyInfoIndependentDER: [UInt8] {
        var serializer = DER.Serializer()
        try? serializer.serialize(self)
        return serializer.serializedBytes
    }
}
