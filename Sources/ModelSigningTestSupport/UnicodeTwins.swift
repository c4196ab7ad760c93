import Foundation
import ModelSigningPlatform

/// Pairs of file names that are canonically equivalent Unicode (equal as Swift strings) but
/// differ in bytes, and models holding both, for tests that names are compared as bytes.
public enum UnicodeTwins {
    public struct Pair: Sendable, CustomStringConvertible {
        public let first: String
        public let second: String
        /// The two names as code points (`U+00C5 U+002E … / U+212B U+002E …`).
        public var description: String {
            func codePoints(_ text: String) -> String {
                text.unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true) }.joined(separator: " ")
            }
            return codePoints(first) + " / " + codePoints(second)
        }
    }

    public static let pairs = [
        Pair(first: "\u{00C5}.bin", second: "\u{212B}.bin"),  // LATIN CAPITAL A WITH RING / ANGSTROM SIGN
        Pair(first: "caf\u{E9}", second: "cafe\u{301}"),      // NFC / NFD
    ]

    public static let firstContent = Array("SAME".utf8)
    public static let secondContent = Array("EVIL".utf8)

    public struct Model: Sendable {
        public let directory: TemporaryDirectory
        /// The model directory.
        public var path: String { directory.appending("model").path }
        public func remove() { directory.remove() }
    }

    /// A model holding both names of `pair`, with the same or with different contents of one size.
    public static func model(_ pair: Pair, sameContent: Bool = false) throws -> Model {
        let directory = try TemporaryDirectory()
        let model = Model(directory: directory)
        try makeDirectory(model.path)
        try write(model.path + "/" + pair.first, firstContent)
        try write(model.path + "/" + pair.second, sameContent ? firstContent : secondContent)
        return model
    }

    /// Writes with the path's exact bytes (Foundation may normalize names on some systems).
    public static func write(_ path: String, _ content: [UInt8]) throws {
        guard writeFile(path, content) else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    }

    public static func makeDirectory(_ path: String) throws {
        guard mkdir(path, 0o755) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    }

    /// Whether this system's temporary directory stores both names of a pair as two files
    /// (Linux file systems do; normalization-insensitive ones such as APFS do not).
    public static let fileSystemKeepsBoth: Bool = {
        guard let directory = try? TemporaryDirectory("unicode-probe") else { return false }
        defer { directory.remove() }
        let pair = pairs[0]
        guard (try? write(directory.path + "/" + pair.first, [1])) != nil,
              (try? write(directory.path + "/" + pair.second, [2])) != nil,
              let entries = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return false }
        return entries.count == 2
    }()
}

/// Creates or truncates `path` (its exact bytes) and writes `content`.
private func writeFile(_ path: String, _ content: [UInt8]) -> Bool {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    return content.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == content.count
}
