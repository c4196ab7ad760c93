import Testing
@testable import Sigstore

/// Attacker-chosen text in human-readable messages (issue 15, point 3).
@Suite struct DisplayTextTests {
    @Test func controlCharactersAreEscaped() {
        #expect(DisplayText.escaped("a\u{1B}[2Jb\nc\rd\te\u{7F}f\u{85}g\u{202E}h") == "a\\u{1B}[2Jb\\nc\\rd\\te\\u{7F}f\\u{85}g\\u{202E}h")
        #expect(DisplayText.quoted("ok é 日本") == "\"ok é 日本\"")
    }

    @Test func longValuesAreCut() {
        let value = String(repeating: "x", count: 5_000_000)
        let shown = DisplayText.escaped(value)
        #expect(shown.hasPrefix(String(repeating: "x", count: DisplayText.maximumValueLength) + "… ("))
        #expect(shown.hasSuffix("(\(5_000_000 - DisplayText.maximumValueLength) more bytes)"))
        #expect(DisplayText.message(value).unicodeScalars.count < DisplayText.maximumMessageLength + 40)
    }

    @Test func errorDescriptionsAreEscapedAndBounded() throws {
        let bundleError = BundleError(field: "mediaType", reason: "unsupported \u{1B}[2J\nVerification succeeded" + String(repeating: "y", count: 100_000))
        #expect(!bundleError.description.contains("\u{1B}") && !bundleError.description.contains("\n"))
        #expect(bundleError.description.utf8.count < DisplayText.maximumMessageLength + 100)
        let parse = #expect(throws: BundleError.self) {
            try SigstoreBundle.parse(Array(#"{"mediaType": "\u001b[2J\nVerification succeeded"}"#.utf8))
        }
        #expect(parse?.description.contains("\"\\u{1B}[2J\\nVerification succeeded\"") == true)
        let verification = SigstoreVerificationError(.bundleStructure, "bad \u{7}\u{1B}]0;title\u{7}")
        #expect(!verification.description.unicodeScalars.contains { $0.value < 0x20 })
    }
}
