import Foundation
import ModelSigningTestSupport
import Sigstore
import Testing
@testable import TUF

/// TUF's canonical JSON (securesystemslib's OLPC encoding) and path patterns, against
/// securesystemslib and Python's fnmatch in .venv-tuf.
@Suite("TUF: canonical JSON and path patterns")
struct CanonicalJSONTests {
    static let document = #"""
    {"signed": {"z": [3, -1, 0, true, false, null], "é": "quote \" backslash \\ tab \t nl \n ctl \u0001 \u00e9 \ud83d\ude00",
     "a": {"b": {}, "A": [], "aa": "", "\u007f": 1}, "keys": {"x": 1234567890123}}}
    """#

    @Test("our canonical bytes equal securesystemslib's encode_canonical")
    func matchesSecuresystemslib() async throws {
        let value = try JSONParser.parse(Array(Self.document.utf8))
        let ours = try #require(value.tufCanonicalBytes())
        let folder = try TemporaryDirectory("tuf-canonical")
        defer { folder.remove() }
        let input = try folder.write("doc.json", Self.document)
        let script = """
        import json, sys
        from securesystemslib.formats import encode_canonical
        sys.stdout.buffer.write(encode_canonical(json.load(open(sys.argv[1], encoding="utf-8"))).encode("utf-8"))
        """
        let result: ProcessResult = try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try ProcessRunner.run(TUFOracle.python, ["-c", script, input.path]) })
            }
        }
        #expect(result.succeeded, "\(result.stderr)")
        #expect(String(decoding: ours, as: UTF8.self) == result.stdout)
    }

    @Test("numbers that are not integers have no canonical form")
    func refusesFloats() throws {
        #expect(try JSONParser.parse(Array(#"{"a": 1.5}"#.utf8)).tufCanonicalBytes() == nil)
        #expect(try JSONParser.parse(Array(#"{"a": 1e3}"#.utf8)).tufCanonicalBytes() == nil)
    }

    @Test("path patterns match one part at a time, like fnmatchcase", arguments: [
        ("registry.npmjs.org/*", "registry.npmjs.org/keys.json", true),
        ("registry.npmjs.org/*", "registry.npmjs.org/a/keys.json", false),
        ("*", "a/b", false),
        ("team/*.txt", "team/data.txt", true),
        ("team/d?ta.txt", "team/data.txt", true),
        ("team/[a-c]*", "team/data.txt", false),
        ("team/[!a-c]*", "team/data.txt", true),
        ("*/*", "x/y", true),
        ("a*b*c", "aXbYc", true),
        ("a*b*c", "aXbY", false),
    ])
    func pathPatterns(_ pattern: String, _ path: String, _ expected: Bool) {
        let parts = Array(path.utf8).split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        let patternParts = Array(pattern.utf8).split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        let matches = parts.count == patternParts.count
            && zip(parts, patternParts).allSatisfy { PathPattern.matches(Array($0), pattern: Array($1)) }
        #expect(matches == expected)
    }

    @Test("time format is exactly YYYY-MM-DDTHH:MM:SSZ")
    func timeFormat() {
        #expect(TUFDate.parse("2026-08-28T19:25:56Z") != nil)
        #expect(TUFDate.parse("2026-08-28T19:25:56.5Z") == nil)
        #expect(TUFDate.parse("2026-08-28T19:25:56+00:00") == nil)
        #expect(TUFDate.string(TUFDate.parse("2026-08-28T19:25:56Z")!) == "2026-08-28T19:25:56Z")
    }
}
