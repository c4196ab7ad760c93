import Foundation
import Testing
@testable import Sigstore

/// A bundle's transparency log entries are bounded in number and may not repeat (issue 15,
/// point 2: 5,000 copies of one entry used to verify after 11.7 s).
@Suite(.enabled(if: TestVectors.available, "test vectors not found"))  // needs the shared vectors
struct LogEntryLimitTests {
    static let bundlePath = "oms/historical/v1.1.0-sigstore/model.sig"  // Rekor v1 dsse, SET, proof, 1 TSA
    static let policy = VerificationPolicy.identity("stefanb@us.ibm.com", issuer: Issuers.ibm)

    /// The vector bundle with its single entry repeated `copies` times.
    private func bundle(withEntryCopies copies: Int) throws -> SigstoreBundle {
        var bundle = try TestVectors.bundle(Self.bundlePath)
        let entry = try #require(bundle.verificationMaterial.tlogEntries.first)
        bundle.verificationMaterial.tlogEntries = Array(repeating: entry, count: copies)
        return bundle
    }

    private func verificationError(_ bundle: SigstoreBundle) async throws -> SigstoreVerificationError? {
        let verifier = SigstoreVerifier(trustedRoot: try TrustedRoot.production(), policy: Self.policy)
        return await #expect(throws: SigstoreVerificationError.self, "the bundle verified") {
            _ = try await verifier.verifyDSSE(bundle)
        }
    }

    /// As an attacker's file: refused while reading, before any entry is decoded.
    @Test func fiveThousandCopiesFailFast() throws {
        let document = try bundle(withEntryCopies: 5_000).serialized()
        let clock = ContinuousClock()
        let start = clock.now
        let error = #expect(throws: BundleError.self) { try SigstoreBundle.parse(document) }
        let elapsed = clock.now - start
        #expect(error?.field == "verificationMaterial.tlogEntries")
        #expect(error?.reason.contains("5000 transparency log entries; at most \(TransparencyLogEntry.maximumCountPerBundle)") == true)
        // Reading the 19 MB of JSON dominates; no entry is decoded or verified.
        #expect(elapsed < .seconds(30), "refusing took \(elapsed)")
    }

    /// A bundle built in code is checked by the verifier before any signature work.
    @Test func tooManyEntriesRefusedByTheVerifier() async throws {
        let bundle = try bundle(withEntryCopies: TransparencyLogEntry.maximumCountPerBundle + 1)
        let clock = ContinuousClock()
        let start = clock.now
        let error = try await verificationError(bundle)
        let elapsed = clock.now - start
        #expect(error?.check == .bundleStructure)
        #expect(error?.reason.contains("\(TransparencyLogEntry.maximumCountPerBundle + 1) transparency log entries") == true)
        #expect(elapsed < .milliseconds(500), "refusing took \(elapsed)")
    }

    @Test func duplicateEntryRefused() async throws {
        let error = try await verificationError(try SigstoreBundle.parse(try bundle(withEntryCopies: 2).serialized()))
        #expect(error?.check == .bundleStructure)
        #expect(error?.reason.contains("more than once") == true)
    }

    @Test func sameRecordWithOtherFieldsRefused() async throws {
        var bundle = try bundle(withEntryCopies: 2)
        bundle = try SigstoreBundle.parse(bundle.serialized())
        // The copy differs (no SET) but names the same log position: still the same record.
        bundle.verificationMaterial.tlogEntries[1].signedEntryTimestamp = nil
        let error = try await verificationError(bundle)
        #expect(error?.reason.contains("more than once") == true)
    }

    @Test func singleEntryStillVerifies() async throws {
        let result = try await SigstoreVerifier(trustedRoot: try TrustedRoot.production(), policy: Self.policy)
            .verifyDSSE(try bundle(withEntryCopies: 1))
        #expect(result.logEntries.count == 1)
    }
}
