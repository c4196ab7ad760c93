@testable import Sigstore
import Testing

@Suite struct JSONValueParsingTests {
    @Test func decodesEscapesAndUnicode() throws {
        let value = try JSONParser.parse(Array(#"{"a":"x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00é","n":[1,-2.5e3,1000000000.0,true,false,null]}"#.utf8))
        let object = try #require(value.objectValue)
        #expect(object["a"]?.stringValue == "x\"\\/\u{08}\u{0C}\n\r\t\u{E9}\u{1F600}é")
        let numbers = try #require(object["n"]?.arrayValue)
        #expect(numbers[0].numberValue?.int64Value == 1)
        #expect(numbers[1].numberValue?.doubleValue == -2500)
        #expect(numbers[2].numberValue?.int64Value == 1_000_000_000)
        #expect(numbers[3] == .bool(true) && numbers[5] == .null)
    }

    @Test(arguments: ["", "{", "{\"a\":1,\"a\":2}", "[1,]", "\"\\ud800\"", "\"\u{01}\"", "01", "1.", "[1] x", "\"\\x\"",
                      String(repeating: "[", count: 100) + String(repeating: "]", count: 100), "{\"a\" 1}", "nul"])
    func rejectsInvalidDocuments(text: String) {
        #expect(throws: JSONError.self) { try JSONParser.parse(Array(text.utf8)) }
    }

    @Test func rejectsInvalidUTF8() {
        #expect(throws: JSONError.self) { try JSONParser.parse([0x22, 0xFF, 0x22]) }
        #expect(throws: JSONError.self) { try JSONParser.parse([0x22, 0x5C, 0x6E, 0xC3, 0x22]) }
    }

    @Test func keepsNormalizationFormsApart() throws {
        let value = try JSONParser.parse(Array("{\"caf\u{E9}\":1,\"cafe\u{301}\":2}".utf8))
        #expect(value.objectValue?.entries.count == 2)
    }

    @Test func writesCompactAndCanonicalForms() throws {
        let value = try JSONParser.parse(Array(#"{"b":[1,"\u0001\n"],"a":{"d":1.0,"c":"é"}}"#.utf8))
        #expect(String(decoding: value.serialized(.compact), as: UTF8.self) == #"{"b":[1,"\u0001\n"],"a":{"d":1.0,"c":"é"}}"#)
        #expect(String(decoding: value.serialized(.canonical), as: UTF8.self) == #"{"a":{"c":"é","d":1},"b":[1,"\u0001\n"]}"#)
    }

    @Test func base64AcceptsBothAlphabets() {
        #expect(Base64.decode("+/8=") == [0xFB, 0xFF])
        #expect(Base64.decode("-_8") == [0xFB, 0xFF])
        #expect(Base64.decode("a") == nil)
        #expect(Base64.decode("ab!=") == nil)
        #expect(Base64.encode([0xFB, 0xFF]) == "+/8=")
    }
}
