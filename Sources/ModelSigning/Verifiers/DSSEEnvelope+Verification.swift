import Sigstore

extension DSSEEnvelope {
    /// Checks the envelope's shape (in-toto payload type, exactly one signature) and its
    /// signature with `key`: first over the standard PAE, then, when `allowCompatibility`,
    /// over model_signing v0.2's encoding hashed with SHA-256.
    ///
    /// - Returns: whether the compatibility encoding was needed.
    package func verifySignature(with key: SignerPublicKey, allowCompatibility: Bool) throws(ModelSigningError) -> Bool {
        guard payloadType == DSSEEnvelope.inTotoPayloadType else {
            throw .invalidPayload("DSSE payloadType is \(DisplayText.quoted(payloadType)), expected \(DisplayText.quoted(DSSEEnvelope.inTotoPayloadType))")
        }
        guard signatures.count == 1 else {
            throw .invalidSignature("the DSSE envelope must hold exactly one signature, it holds \(signatures.count)")
        }
        let signature = signatures[0].signature
        let header = DSSEEnvelope.preAuthenticationHeader(payloadType: payloadType, payloadCount: payload.count)
        if key.isValidSignature(signature, forConcatenationOf: [header, payload]) { return false }
        if allowCompatibility, key.isValidSignature(signature, forSHA256Of: compatibilityEncoding) { return true }
        throw .invalidSignature("the DSSE signature does not verify with the \(key.algorithmName) key")
    }

    /// model_signing v0.2 signed `DSSEV1 <len> <type> <len> <repr(payload)>`, where repr is
    /// Python's `repr()` of the payload bytes.
    var compatibilityEncoding: [UInt8] {
        Array("DSSEV1 \(payloadType.utf8.count) \(payloadType) \(payload.count) ".utf8) + DSSEEnvelope.pythonBytesRepr(payload)
    }

    /// Python's `repr(bytes)`: `b'…'`, or `b"…"` when the bytes contain `'` and no `"`.
    static func pythonBytesRepr(_ bytes: [UInt8]) -> [UInt8] {
        let quote: UInt8 = bytes.contains(UInt8(ascii: "'")) && !bytes.contains(UInt8(ascii: "\"")) ? UInt8(ascii: "\"") : UInt8(ascii: "'")
        var output: [UInt8] = [UInt8(ascii: "b"), quote]
        let hex = Array("0123456789abcdef".utf8)
        for byte in bytes {
            switch byte {
            case quote, UInt8(ascii: "\\"): output += [UInt8(ascii: "\\"), byte]
            case 0x09: output += Array("\\t".utf8)
            case 0x0A: output += Array("\\n".utf8)
            case 0x0D: output += Array("\\r".utf8)
            case 0x20..<0x7F: output.append(byte)
            default: output += [UInt8(ascii: "\\"), UInt8(ascii: "x"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            }
        }
        output.append(quote)
        return output
    }
}
