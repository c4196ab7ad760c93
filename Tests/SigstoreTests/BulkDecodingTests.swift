import Sigstore
import Testing

/// The bulk (buffer-at-a-time) base64, hex and JSON decoders accept and refuse exactly what a
/// byte-at-a-time reading of their specifications does.
@Suite struct BulkDecodingTests {
    /// Base64 decoding as specified, one character at a time, to compare the bulk decoder with.
    private static func slowBase64(_ text: String) -> [UInt8]? {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var output: [UInt8] = [], accumulator: UInt32 = 0, bits = 0, padding = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "=") { padding += 1; continue }
            if [0x0A, 0x0D, 0x20, 0x09].contains(byte) { continue }
            guard padding == 0 else { return nil }
            let value: Int
            if let index = alphabet.firstIndex(of: byte) { value = index }
            else if byte == UInt8(ascii: "-") { value = 62 }
            else if byte == UInt8(ascii: "_") { value = 63 }
            else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 { bits -= 8; output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits))) }
        }
        return bits < 6 && padding <= 2 ? output : nil
    }

    @Test func base64RoundTripsEveryLength() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<200 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let encoded = Base64.encode(bytes)
            #expect(encoded.utf8.count == (length + 2) / 3 * 4)
            #expect(Base64.decode(encoded) == bytes)
            #expect(Base64.decode(bytes: Array(encoded.utf8)) == bytes)
            #expect(Base64.decode(String(encoded.filter { $0 != "=" })) == bytes)
        }
    }

    @Test(arguments: ["", "QUJD", "QUJDRA==", "QUJDRA=", "QUJDRA", "QU JD\nRA==", "QUJ\r\nDRA==", "QUJDRA==QUJD",
                      "QUJDR", "Q===", "QQ===", "QUJD!", "QUJDRA=x", "-_-_", "ab==cd", "\tQUJD ", "=QUJD", "QU=JD"])
    func base64AgreesWithTheSpecification(text: String) {
        #expect(Base64.decode(text) == BulkDecodingTests.slowBase64(text))
        #expect(Base64.decode(Substring(text)) == BulkDecodingTests.slowBase64(text))
    }

    @Test func hexDecodesBothCasesAndRefusesTheRest() {
        #expect(Hex.decode("00ff7Fa0") == [0x00, 0xFF, 0x7F, 0xA0])
        #expect(Hex.decode("") == [])
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("0g") == nil)
        #expect(Hex.decode("G0") == nil)
        #expect(Hex.decode("@0") == nil)
        #expect(Hex.decode("`0") == nil)
        #expect(Hex.decode("/0") == nil)
        #expect(Hex.decode(":0") == nil)
        #expect(Hex.encode([0x00, 0xAB, 0xFF]) == "00abff")
        #expect(Hex.encode(AnySequence([0x12, 0x34])) == "1234")
        for byte in UInt8.min...UInt8.max {
            let text = String(decoding: [byte, UInt8(ascii: "0")], as: UTF8.self)
            let isHex = (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
            #expect((Hex.decode(text) != nil) == isHex, "byte \(byte)")
        }
    }

    @Test(arguments: [4, 15, 16, 17, 40])
    func duplicateKeysAreRefusedInObjectsOfAnySize(keyCount: Int) throws {
        let keys = (0..<keyCount).map { "\"k\($0)\":\($0)" }
        let unique = "{" + keys.joined(separator: ",") + "}"
        let parsed = try JSONParser.parse(Array(unique.utf8))
        #expect(parsed.objectValue?.entries.count == keyCount)
        let repeated = "{" + (keys + ["\"k\(keyCount - 1)\":0"]).joined(separator: ",") + "}"
        #expect(throws: JSONError.self) { try JSONParser.parse(Array(repeated.utf8)) }
        let escaped = "{" + (keys + ["\"\\u006b0\":0"]).joined(separator: ",") + "}"
        #expect(throws: JSONError.self) { try JSONParser.parse(Array(escaped.utf8)) }
        let normalizationTwins = "{" + (keys + ["\"caf\u{E9}\":1", "\"cafe\u{301}\":2"]).joined(separator: ",") + "}"
        #expect(try JSONParser.parse(Array(normalizationTwins.utf8)).objectValue?.entries.count == keyCount + 2)
    }

    @Test func parsesFromNonContiguousCollections() throws {
        let text = #"{"a":[1,"b",{"c":null}]}"#
        let fromArray = try JSONParser.parse(Array(text.utf8))
        let fromView = try JSONParser.parse(text.utf8)
        let fromSlice = try JSONParser.parse(Array(("  " + text).utf8)[2...])
        #expect(fromArray == fromView && fromArray == fromSlice)
        #expect(throws: JSONError.self) { try JSONParser.parse(AnyCollection(Array("[1,]".utf8))) }
        #expect(try JSONParser.parse(AnyCollection(Array(text.utf8))) == fromArray)
    }
}
