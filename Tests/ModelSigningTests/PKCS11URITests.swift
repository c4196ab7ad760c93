import ModelSigning
import Testing

/// RFC 7512 parsing: attributes as percent-decoded bytes, refusals named.
@Suite struct PKCS11URITests {
    @Test func pathAndQueryAttributesArePercentDecodedToBytes() throws {
        let uri = try PKCS11URI("pkcs11:token=My%20Token;object=caf%C3%A9;id=%01%FF;slot-id=7?module-path=/usr/lib/m.so&pin-source=file:/run/pin")
        #expect(uri.pathAttributes["token"] == Array("My Token".utf8))
        #expect(uri.pathAttributes["object"] == [0x63, 0x61, 0x66, 0xC3, 0xA9])
        #expect(uri.pathAttributes["id"] == [0x01, 0xFF])
        #expect(uri.slotID == 7)
        #expect(uri.queryAttributes["module-path"] == Array("/usr/lib/m.so".utf8))
        #expect(uri.queryAttributes["pin-source"] == Array("file:/run/pin".utf8))
        #expect(uri.pinValue == nil)
    }

    @Test func nonUTF8BytesAreKeptAsBytes() throws {
        let uri = try PKCS11URI("pkcs11:object=%FE%80?module-path=/m.so")
        #expect(uri.pathAttributes["object"] == [0xFE, 0x80])
    }

    @Test func pinValueIsAcceptedInPathOrQueryAndNeverShown() throws {
        let query = try PKCS11URI("pkcs11:object=k?module-path=/m.so&pin-value=12%2534")
        #expect(query.pinValue == Array("12%34".utf8))
        let path = try PKCS11URI("pkcs11:object=k;pin-value=secret?module-path=/m.so")
        #expect(path.pinValue == Array("secret".utf8))
        #expect(!path.redacted.contains("secret"))
        #expect(!query.redacted.contains("12"))
        #expect(path.redacted == "pkcs11:object=k?module-path=/m.so")
    }

    @Test(arguments: [
        ("https://example.com", "does not start with 'pkcs11:'"),
        ("pkcs11:token=t", "names no key"),
        ("pkcs11:objekt=k", "unsupported path attribute 'objekt'"),
        ("pkcs11:object=k?module=/m.so", "unsupported query attribute 'module'"),
        ("pkcs11:object=k;object=j", "'object' is given twice"),
        ("pkcs11:object=k%2", "malformed percent escape"),
        ("pkcs11:object=k%zz", "malformed percent escape"),
        ("pkcs11:object", "has no '='"),
        ("pkcs11:object=k;slot-id=-1", "slot-id must be a decimal number"),
        ("pkcs11:object=k;slot-id=4294967296", "slot-id must be a decimal number"),
        ("pkcs11:object=k;type=cert", "does not name a private key"),
        ("pkcs11:object=k?pin-value=1&pin-source=file:/p", "either pin-value or pin-source"),
    ])
    func malformedURIsAreRefusedByName(text: String, reason: String) {
        #expect {
            _ = try PKCS11URI(text)
        } throws: { error in
            "\(error)".contains("invalid PKCS #11 URI") && "\(error)".contains(reason)
        }
    }

    @Test func schemeIsCaseInsensitive() throws {
        #expect(try PKCS11URI("PKCS11:object=k").pathAttributes["object"] == Array("k".utf8))
    }
}
