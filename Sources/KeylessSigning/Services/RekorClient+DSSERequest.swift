import Sigstore
import X509

extension RekorClient {
    /// The Rekor v1 `dsse` 0.0.1 proposal for `envelope`, written straight to bytes:
    /// `{"apiVersion":"0.0.1","kind":"dsse","spec":{"proposedContent":{"envelope":"…","verifiers":["…"]}}}`,
    /// where `envelope` is the envelope's compact JSON as a JSON string.
    ///
    /// The envelope of a large model holds megabytes of base64, which needs no escaping at either
    /// level, so it is encoded once into the request; only the small parts around it go through
    /// the JSON writer. The result is byte for byte what serializing the envelope, then the
    /// request holding it as a string, would give (`RekorDSSERequestTests` checks this).
    static func dsseRequestBody(_ envelope: DSSEEnvelope, certificate: Certificate) throws -> [UInt8] {
        let verifier = Base64.encode(Array(try certificate.pemText.utf8))
        let payload = Base64.encode(envelope.payload)
        var signatures: [JSONValue] = []
        for signature in envelope.signatures {
            var entry = JSONObject([("sig", .string(Base64.encode(signature.signature)))])
            if let keyID = signature.keyID { entry["keyid"] = .string(keyID) }
            signatures.append(.object(entry))
        }
        // The envelope's JSON around its payload, in DSSEEnvelope.jsonValue's key order.
        let afterPayload = Array("\",\"payloadType\":".utf8) + JSONValue.string(envelope.payloadType).serialized()
            + Array(",\"signatures\":".utf8) + JSONValue.array(signatures).serialized() + [UInt8(ascii: "}")]

        var body: [UInt8] = []
        body.reserveCapacity(payload.utf8.count + afterPayload.count * 2 + verifier.utf8.count + 128)
        body.append(contentsOf: "{\"apiVersion\":\"0.0.1\",\"kind\":\"dsse\",\"spec\":{\"proposedContent\":{\"envelope\":\"".utf8)
        appendEscaped(Array("{\"payload\":\"".utf8), to: &body)
        body.append(contentsOf: payload.utf8)
        appendEscaped(afterPayload, to: &body)
        body.append(contentsOf: "\",\"verifiers\":".utf8)
        body.append(contentsOf: JSONValue.array([.string(verifier)]).serialized())
        body.append(contentsOf: "}}}".utf8)
        return body
    }

    /// Appends `text` escaped as the inside of a JSON string (without the quotes).
    private static func appendEscaped(_ text: [UInt8], to output: inout [UInt8]) {
        let quoted = JSONValue.string(String(decoding: text, as: UTF8.self)).serialized()
        output.append(contentsOf: quoted.dropFirst().dropLast())
    }
}
