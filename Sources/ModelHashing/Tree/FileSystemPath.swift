/// File-system paths held as `String`, compared as the kernel compares them: byte for byte.
///
/// Swift's `==`, `hasPrefix` and `Set`/`Dictionary` hashing on `String` use Unicode canonical
/// equivalence, which takes `Å` (U+00C5) and `Å` (U+212B), or NFC `café` and NFD `café`, for
/// the same text although they name two different files. Paths go through these instead.
package enum FileSystemPath {
    /// Whether `a` and `b` are the same bytes.
    package static func same(_ a: String, _ b: String) -> Bool {
        a.utf8.elementsEqual(b.utf8)
    }

    /// Whether `path` is `directory` or lies under it.
    package static func isWithin(_ path: String, _ directory: String) -> Bool {
        if same(path, directory) { return true }
        return remainder(of: path, under: directory) != nil
    }

    /// The components between slashes, split on the byte `/` (splitting a `String` on the
    /// character `/` misses a slash followed by a combining mark, which is one character).
    package static func components(_ path: String) -> [String] {
        path.utf8.split(separator: UInt8(ascii: "/")).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The last component, or nil for `/` and the empty path.
    package static func lastComponent(_ path: String) -> String? {
        path.utf8.split(separator: UInt8(ascii: "/")).last.map { String(decoding: $0, as: UTF8.self) }
    }

    /// The text before the last `/` (nil when there is none) and after it.
    package static func splitLast(_ path: String) -> (directory: String?, name: String) {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return (nil, path) }
        return (String(decoding: path.utf8[..<slash], as: UTF8.self),
                String(decoding: path.utf8[path.utf8.index(after: slash)...], as: UTF8.self))
    }

    /// The bytes of `path` after `directory/`, or nil when `path` is not under `directory`.
    package static func remainder(of path: String, under directory: String) -> String? {
        let prefix = directory.utf8.last == UInt8(ascii: "/") ? Array(directory.utf8) : Array(directory.utf8) + [UInt8(ascii: "/")]
        guard path.utf8.starts(with: prefix) else { return nil }
        return String(decoding: path.utf8.dropFirst(prefix.count), as: UTF8.self)
    }
}
