import Foundation
import Testing
@testable import Sigstore

/// RFC 8785 (JSON Canonicalization Scheme).
struct CanonicalJSONTests {
    private func canonical(_ text: String) throws -> String {
        String(decoding: try JSONParser.parse(Array(text.utf8)).serialized(.canonical), as: UTF8.self)
    }

    /// The sample object of RFC 8785 §3.2.2 and its canonical form (§3.2.3), as literals.
    @Test func rfc8785SampleObject() throws {
        let input = #"""
        {
          "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
          "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
          "literals": [null, true, false]
        }
        """#
        let expected = #"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"#
        #expect(try canonical(input) == expected)
    }

    /// Property sorting by UTF-16 code units (RFC 8785 §3.2.3 example).
    @Test func rfc8785PropertySorting() throws {
        let input = #"""
        {
          "\u20ac": "Euro Sign",
          "\r": "Carriage Return",
          "\ufb33": "Hebrew Letter Dalet With Dagesh",
          "1": "One",
          "\ud83d\ude00": "Emoji: Grinning Face",
          "\u0080": "Control",
          "\u00f6": "Latin Small Letter O With Diaeresis"
        }
        """#
        let expected = "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{80}\":\"Control\",\"ö\":\"Latin Small Letter O With Diaeresis\","
            + "\"€\":\"Euro Sign\",\"😀\":\"Emoji: Grinning Face\",\"\u{FB33}\":\"Hebrew Letter Dalet With Dagesh\"}"
        #expect(try canonical(input) == expected)
    }

    /// IEEE-754 values and their ECMAScript serializations (the table of RFC 8785 Appendix B;
    /// the expected strings were cross-checked with the independent `rfc8785` Python package).
    @Test(arguments: [
        ("0000000000000000", "0"), ("8000000000000000", "0"), ("0000000000000001", "5e-324"),
        ("8000000000000001", "-5e-324"), ("7fefffffffffffff", "1.7976931348623157e+308"),
        ("ffefffffffffffff", "-1.7976931348623157e+308"), ("4340000000000000", "9007199254740992"),
        ("c340000000000000", "-9007199254740992"), ("4430000000000000", "295147905179352830000"),
        ("44b52d02c7e14af5", "9.999999999999997e+22"), ("44b52d02c7e14af6", "1e+23"),
        ("44b52d02c7e14af7", "1.0000000000000001e+23"), ("444b1ae4d6e2ef4e", "999999999999999700000"),
        ("444b1ae4d6e2ef4f", "999999999999999900000"), ("444b1ae4d6e2ef50", "1e+21"),
        ("3eb0c6f7a0b5ed8c", "9.999999999999997e-7"), ("3eb0c6f7a0b5ed8d", "0.000001"),
        ("41b3de4355555553", "333333333.3333332"), ("41b3de4355555554", "333333333.33333325"),
        ("41b3de4355555555", "333333333.3333333"), ("41b3de4355555556", "333333333.3333334"),
        ("41b3de4355555557", "333333333.33333343"), ("becbf647612f3696", "-0.0000033333333333333333"),
        ("43143ff3c1cb0959", "1424953923781206.2"),
    ])
    func ieee754(_ bits: String, _ expected: String) throws {
        let value = Double(bitPattern: try #require(UInt64(bits, radix: 16)))
        #expect(JSONNumber.ecmaScriptString(value) == expected)
        // Through the parser and the canonical writer as well.
        if value != 0 || expected == "0" {
            #expect(try canonical("[\(value)]") == "[\(expected)]")
        }
    }

    @Test func integersStayExact() throws {
        #expect(try canonical(#"{"b":1000000000.0,"a":-0,"c":8e0}"#) == #"{"a":0,"b":1000000000,"c":8}"#)
        // 64-bit integers beyond 2^53 (log indexes) are kept exact, as Sigstore clients do.
        #expect(try canonical("[9007199254740993]") == "[9007199254740993]")
    }

    @Test func stringEscapes() throws {
        #expect(try canonical(#"["\u0000\u001f\u007f\t\b\f\n\r\"\\\u2028"]"#) == "[\"\\u0000\\u001f\u{7F}\\t\\b\\f\\n\\r\\\"\\\\\u{2028}\"]")
    }

    /// The SET payload a Rekor v1 log signs.
    @Test func signedEntryTimestampPayload() {
        let payload = SignedEntryTimestamp.signedPayload(body: Array("{}".utf8), integratedTime: 1_700_000_000,
                                                          logID: [0xAB, 0x01], logIndex: 42)
        #expect(String(decoding: payload, as: UTF8.self) == #"{"body":"e30=","integratedTime":1700000000,"logID":"ab01","logIndex":42}"#)
    }
}
