import Crypto
@testable import KeylessSigning
import ModelSigningTestSupport
import Sigstore
import Testing

/// The Rekor v1 `dsse` proposal written straight to bytes is exactly the one the JSON writer
/// gives for the same envelope (serialized, then embedded as a string).
@Suite struct RekorDSSERequestTests {
    static let certificate: Result<TestPKI.Issued, any Error> = Result {
        let root = try TestPKI.authority(commonName: "request root", key: .ec(.p256))
        return try TestPKI.leaf(commonName: "request signer", issuer: root)
    }

    static func writerBody(_ envelope: DSSEEnvelope, _ issued: TestPKI.Issued) throws -> [UInt8] {
        try RekorClient.requestV1(.dsse(envelope, certificate: issued.certificate)).serialized(.compact)
    }

    /// Payload lengths of every remainder modulo 3 (base64 padding), including empty.
    @Test(arguments: [0, 1, 2, 3, 100, 4097, 65_536])
    func matchesTheJSONWriter(payloadLength: Int) throws {
        let issued = try Self.certificate.get()
        let payload = (0..<payloadLength).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) }
        let envelope = DSSEEnvelope(payload: payload, signatures: [DSSESignature(signature: Array(SHA256.hash(data: payload)))])
        let body = try RekorClient.dsseRequestBody(envelope, certificate: issued.certificate)
        #expect(body == (try Self.writerBody(envelope, issued)))
        // And it is the request Rekor reads: the envelope string parses back to the envelope.
        let request = try JSONReader(document: body)
        let text = try request.object("spec").object("proposedContent").string("envelope")
        let parsed = try DSSEEnvelope(JSONReader(document: Array(text.utf8)))
        #expect(parsed.payload == payload)
        #expect(parsed.payloadType == envelope.payloadType)
        #expect(parsed.signatures.map(\.signature) == envelope.signatures.map(\.signature))
    }

    @Test func escapesAPayloadTypeAndKeyIDsAtBothLevels() throws {
        let issued = try Self.certificate.get()
        let envelope = DSSEEnvelope(payload: Array("{\"a\":1}".utf8), payloadType: "type/\"quoted\"\\back\u{1}é",
                                    signatures: [DSSESignature(signature: [1, 2, 3], keyID: "key \"one\""),
                                                 DSSESignature(signature: [4, 5])])
        let body = try RekorClient.dsseRequestBody(envelope, certificate: issued.certificate)
        #expect(body == (try Self.writerBody(envelope, issued)))
        let text = try JSONReader(document: body).object("spec").object("proposedContent").string("envelope")
        let parsed = try DSSEEnvelope(JSONReader(document: Array(text.utf8)))
        #expect(parsed.payloadType == envelope.payloadType)
        #expect(parsed.signatures.map(\.keyID) == ["key \"one\"", nil])
    }
}
