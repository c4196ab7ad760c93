import Crypto
import Foundation
import ModelSigningTestSupport
import Sigstore
import Testing

/// The RFC 3161 request we build, read back by OpenSSL (`openssl ts -query -text`).
@Suite struct TimeStampRequestTests {
    @Test func opensslReadsOurRequest() throws {
        let signature = Array("a signature".utf8)
        let request = TimeStampRequest(messageImprint: Array(SHA256.hash(data: signature)), nonce: 0xF1E2_D3C4_B5A6_9788)
        let directory = try TemporaryDirectory("tsq")
        defer { directory.remove() }
        let file = try directory.write("request.tsq", Data(request.derBytes))
        let result = try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/openssl"), ["ts", "-query", "-in", file.path, "-text"])
        #expect(result.succeeded, "openssl: \(result.stderr)")
        #expect(result.stdout.contains("Hash Algorithm: sha256"))
        #expect(result.stdout.contains("Nonce: 0xF1E2D3C4B5A69788"))
        #expect(result.stdout.contains("Certificate required: yes"))
        let hex = Array(SHA256.hash(data: signature)).prefix(4).map { String(format: "%02x", $0) }.joined(separator: " ")
        #expect(result.stdout.contains(hex))
    }

    @Test func freshRequestsHaveDistinctNonces() {
        let first = TimeStampRequest(digestOf: [1, 2, 3])
        let second = TimeStampRequest(digestOf: [1, 2, 3])
        #expect(first.messageImprint == second.messageImprint)
        #expect(first.nonce != second.nonce)
    }

    @Test func garbageReplyIsRefused() {
        let request = TimeStampRequest(digestOf: [1, 2, 3])
        let error = #expect(throws: SigstoreVerificationError.self) { try request.checkResponse([0x30, 0x03, 0x02, 0x01, 0x02]) }
        #expect(error?.check == .timestamp)
    }
}
