import Foundation
import Testing
@testable import Sigstore

struct CheckpointTests {
    static let rekorV1 = "rekor.sigstore.dev - 1193050959916656506\n476246825\nV0NA1ekHc4sMtyOk9+rSfb50+v1kFb/0QXYbxrm43gk=\n\n\u{2014} rekor.sigstore.dev wNI9ajBFAiBtV0gov0pC7kBG6WPaApxiUudh/9C4XyIybO93bBSVwQIhAIbRCl/2O4fJ83ik6SiLnFx3ipedmkvKoQ9ykKvQYdS4\n"

    private func rekorV1Log() throws -> TransparencyLogInstance {
        try #require(try TrustedRoot.production().transparencyLogs.first { $0.baseURL == "https://rekor.sigstore.dev" })
    }

    @Test func parsesAndVerifiesARekorV1Checkpoint() throws {
        let checkpoint = try Checkpoint(Self.rekorV1)
        #expect(checkpoint.origin == "rekor.sigstore.dev - 1193050959916656506")
        #expect(checkpoint.size == 476_246_825)
        #expect(Base64.encode(checkpoint.rootHash) == "V0NA1ekHc4sMtyOk9+rSfb50+v1kFb/0QXYbxrm43gk=")
        #expect(checkpoint.signatures.count == 1)
        #expect(String(decoding: checkpoint.signedText, as: UTF8.self).hasSuffix("rm43gk=\n"))
        try checkpoint.verify(by: try rekorV1Log())
    }

    @Test func witnessLinesAreIgnoredAndOrderDoesNotMatter() throws {
        let parts = Self.rekorV1.components(separatedBy: "\n\n")
        let witness = "\u{2014} witness.example.org " + Base64.encode([0xDE, 0xAD, 0xBE, 0xEF] + [UInt8](repeating: 7, count: 64)) + "\n"
        let text = parts[0] + "\n\n" + witness + parts[1]
        let checkpoint = try Checkpoint(text)
        #expect(checkpoint.signatures.count == 2)
        try checkpoint.verify(by: try rekorV1Log())
    }

    @Test func extensionLinesAreSigned() throws {
        // An extra note line changes the signed text, so the signature no longer verifies.
        let text = Self.rekorV1.replacingOccurrences(of: "rm43gk=\n\n", with: "rm43gk=\nTimestamp: 1\n\n")
        let checkpoint = try Checkpoint(text)
        #expect(checkpoint.extensionLines == ["Timestamp: 1"])
        let error = #expect(throws: SigstoreVerificationError.self) { try checkpoint.verify(by: try rekorV1Log()) }
        #expect(error?.reason.contains("checkpoint signature invalid") == true)
    }

    @Test func noLineFromTheLog() throws {
        let text = Self.rekorV1.replacingOccurrences(of: "wNI9aj", with: "AAAAaj")
        let error = #expect(throws: SigstoreVerificationError.self) { try Checkpoint(text).verify(by: try rekorV1Log()) }
        #expect(error?.reason.contains("no signature by log") == true)
    }

    @Test(arguments: [
        "no blank line\n1\nAAAA\n",
        "origin\nnotanumber\nV0NA1ekHc4sMtyOk9+rSfb50+v1kFb/0QXYbxrm43gk=\n\n\u{2014} a AAAAAAAA\n",
        "origin\n5\nshort\n\n\u{2014} a AAAAAAAA\n",
        "origin\n5\nV0NA1ekHc4sMtyOk9+rSfb50+v1kFb/0QXYbxrm43gk=\n\n- a AAAAAAAA\n",
        "origin\n5\nV0NA1ekHc4sMtyOk9+rSfb50+v1kFb/0QXYbxrm43gk=\n\n\u{2014} a AAAAAAAA",
        "origin\n5\nV0NA1ekHc4sMtyOk9+rSfb50+v1kFb/0QXYbxrm43gk=\n\n\u{2014} a AAAA\n",
        "\n5\nV0NA1ekHc4sMtyOk9+rSfb50+v1kFb/0QXYbxrm43gk=\n\n\u{2014} a AAAAAAAA\n",
    ])
    func malformed(_ text: String) {
        #expect(throws: SigstoreVerificationError.self) { _ = try Checkpoint(text) }
    }
}
