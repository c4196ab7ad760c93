import Foundation
import Testing
@testable import Sigstore

@Suite(.enabled(if: TestVectors.available, "test vectors not found"))  // needs the shared vectors
struct TimestampTests {
    /// sigstore-python issue 1482: a response without embedded certificates verifies against
    /// the staging TSA of the trusted root.
    @Test func responseWithoutCertificates() async throws {
        let token = try TestVectors.bytes("sigstore/bundles/sigstore-python/tsa/issue1482-timestamp-with-no-cert")
        let message = try TestVectors.bytes("sigstore/bundles/sigstore-python/tsa/issue1482-message")
        let parsed = try TimeStampToken(token)
        #expect(parsed.embeddedCertificates.isEmpty)
        let verifier = TimestampVerifier(authorities: try TrustedRoot.staging().timestampAuthorities)
        guard case .verified(let date, let authority) = try await verifier.verify(token, over: message, label: "timestamp") else {
            Issue.record("the timestamp was not verified")
            return
        }
        #expect(authority.uri == "https://timestamp.sigstage.dev/api/v1/timestamp")
        #expect(date > Date(timeIntervalSince1970: 1_700_000_000))

        // Over another message: a genuine token, but not a time for this signature.
        guard case .skipped(let reason) = try await verifier.verify(token, over: message + [0], label: "timestamp") else {
            Issue.record("a token over other data was counted")
            return
        }
        #expect(reason.contains("over other data"))
        // From an authority the root does not list: skipped.
        let production = TimestampVerifier(authorities: try TrustedRoot.production().timestampAuthorities)
        guard case .skipped = try await production.verify(token, over: message, label: "timestamp") else {
            Issue.record("a token from an unknown authority was counted")
            return
        }
    }

    @Test func productionTimestampOfTheOMSBundle() async throws {
        let bundle = try TestVectors.bundle("oms/historical/v1.1.0-sigstore/model.sig")
        let token = try TimeStampToken(bundle.verificationMaterial.rfc3161Timestamps[0])
        #expect(token.imprintAlgorithm == .sha256)
        #expect(token.signatureAlgorithm == .ecdsaWithSHA256)  // P-384 key, ecdsa-with-SHA256 as SignerInfo says
        #expect(RFC3339.string(token.genTime) == "2025-10-10T02:12:20Z")
    }

    @Test func malformedTokens() async throws {
        let verifier = TimestampVerifier(authorities: try TrustedRoot.production().timestampAuthorities)
        for bytes: [UInt8] in [[], [0x30, 0x00], [0x30, 0x03, 0x02, 0x01, 0x02], Array("not DER".utf8)] {
            await #expect(throws: SigstoreVerificationError.self) { _ = try await verifier.verify(bytes, over: [1], label: "t") }
        }
        // A rejected response (status 2).
        let rejection: [UInt8] = [0x30, 0x05, 0x30, 0x03, 0x02, 0x01, 0x02]
        let error = await #expect(throws: SigstoreVerificationError.self) { _ = try await verifier.verify(rejection, over: [1], label: "t") }
        #expect(error?.reason.contains("not granted") == true)
    }
}
