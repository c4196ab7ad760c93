import Crypto
import Sigstore

/// A delegation from a targets role: who may sign which target paths.
public struct DelegatedRole: Sendable {
    public let name: String
    public let keys: RoleKeys
    /// Whether the search stops at this role when it is responsible for a path.
    public let terminating: Bool
    /// Shell-style patterns (`*`, `?`, `[…]`), matched one `/`-separated part at a time.
    public let paths: [String]?
    /// Hex prefixes of the SHA-256 of the target path.
    public let pathHashPrefixes: [String]?

    init(fields: MetadataFields) throws(TUFError) {
        name = try fields.string("name")
        guard !name.isEmpty else { throw fields.malformed("name", "is empty") }
        keys = try RoleKeys(fields: fields, name: name)
        terminating = try fields.bool("terminating")
        paths = fields.object["paths"] == nil ? nil : try fields.stringArray("paths")
        pathHashPrefixes = fields.object["path_hash_prefixes"] == nil ? nil : try fields.stringArray("path_hash_prefixes")
        if paths != nil, pathHashPrefixes != nil {
            throw fields.malformed("paths", "and path_hash_prefixes are both set for role \(name)")
        }
    }

    /// Whether this role is trusted for `targetPath`.
    func isResponsible(for targetPath: String) -> Bool {
        if let paths {
            let target = Array(targetPath.utf8).split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
            return paths.contains { pattern in
                let parts = Array(pattern.utf8).split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
                return parts.count == target.count && zip(target, parts).allSatisfy { PathPattern.matches(Array($0), pattern: Array($1)) }
            }
        }
        if let pathHashPrefixes {
            let digest = Hex.encode(SHA256.hash(data: Array(targetPath.utf8)))
            return pathHashPrefixes.contains { digest.utf8.starts(with: $0.utf8) }
        }
        return false
    }
}

/// Shell-style matching of one path part (as Python's `fnmatch.fnmatchcase`), on bytes.
enum PathPattern {
    static func matches(_ name: [UInt8], pattern: [UInt8]) -> Bool {
        // Iterative glob with backtracking to the last `*`; bounded by name × pattern length.
        var n = 0, p = 0
        var starP = -1, starN = 0
        while n < name.count {
            if p < pattern.count {
                let token = pattern[p]
                if token == UInt8(ascii: "*") {
                    starP = p; starN = n; p += 1; continue
                }
                if token == UInt8(ascii: "?") { n += 1; p += 1; continue }
                if token == UInt8(ascii: "["), let (matched, next) = matchClass(name[n], pattern: pattern, at: p) {
                    if matched { n += 1; p = next; continue }
                } else if token == name[n] {
                    n += 1; p += 1; continue
                }
            }
            guard starP >= 0 else { return false }
            starN += 1; n = starN; p = starP + 1
        }
        while p < pattern.count, pattern[p] == UInt8(ascii: "*") { p += 1 }
        return p == pattern.count
    }

    /// Matches `[...]` at `start`; nil when the bracket is not closed (then `[` is literal).
    private static func matchClass(_ byte: UInt8, pattern: [UInt8], at start: Int) -> (Bool, Int)? {
        var index = start + 1
        var negate = false
        if index < pattern.count, pattern[index] == UInt8(ascii: "!") { negate = true; index += 1 }
        var matched = false
        var first = true
        while index < pattern.count {
            let c = pattern[index]
            if c == UInt8(ascii: "]"), !first { return (matched != negate, index + 1) }
            first = false
            if index + 2 < pattern.count, pattern[index + 1] == UInt8(ascii: "-"), pattern[index + 2] != UInt8(ascii: "]") {
                if c <= byte && byte <= pattern[index + 2] { matched = true }
                index += 3
            } else {
                if c == byte { matched = true }
                index += 1
            }
        }
        return nil
    }
}
