/// A path relative to the model root, as recorded in a manifest: POSIX separators, no `.` or
/// `..` components, valid UTF-8. A single-file model's only file is named `.`.
///
/// Paths are compared and hashed by their UTF-8 bytes, never by Unicode equivalence, so
/// `é` written precomposed and decomposed are two different files. Ordering is component by
/// component, like the reference's `PurePosixPath` (`a/b` < `a-b` < `a.txt`).
public struct ModelPath: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The path's UTF-8 bytes.
    public let utf8: [UInt8]

    /// The name of a single-file model's only file.
    public static let singleFile = ModelPath(uncheckedUTF8: [UInt8(ascii: ".")])

    init(uncheckedUTF8 bytes: [UInt8]) {
        self.utf8 = bytes
    }

    /// Parses a relative path as written in a signature or by a user; `a//b` and `./a` are
    /// normalized as the reference does. Returns nil for absolute paths, `..` components and
    /// empty paths. `"."` alone is the single-file name.
    public init?(_ text: String) {
        self.init(validUTF8: Array(text.utf8))
    }

    /// ``init(_:)`` for bytes already known to be valid UTF-8 (a signature's decoded JSON
    /// string), without the round trip through `String`; a normal path keeps `bytes` as is.
    package init?(validUTF8 bytes: [UInt8]) {
        if bytes.count == 1 && bytes[0] == UInt8(ascii: ".") {
            self = .singleFile
            return
        }
        guard !bytes.isEmpty, bytes.first != UInt8(ascii: "/") else { return nil }
        // Most names are already normal; only the others are rebuilt component by component.
        switch ModelPath.check(bytes) {
        case .normal:
            self.utf8 = bytes
            return
        case .invalid:
            return nil
        case .needsNormalizing:
            break
        }
        var components: [ArraySlice<UInt8>] = []
        for component in bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true) {
            if component.elementsEqual([UInt8(ascii: ".")]) { continue }
            if component.elementsEqual([UInt8(ascii: "."), UInt8(ascii: ".")]) { return nil }
            if component.contains(0) { return nil }
            components.append(component)
        }
        guard !components.isEmpty else { return nil }
        self.utf8 = Array(components.joined(separator: [UInt8(ascii: "/")]))
    }

    private enum Form { case normal, needsNormalizing, invalid }

    /// Classifies a relative path in one pass: `normal` when every component is non-empty and
    /// neither `.` nor `..` (so the bytes are the path as is), `invalid` for a `..` component or
    /// a NUL byte, otherwise `needsNormalizing` (`a//b`, `./a`, `a/`).
    private static func check(_ bytes: [UInt8]) -> Form {
        bytes.withUnsafeBufferPointer { buffer in
            var form = Form.normal
            var componentStart = 0
            var index = 0
            while index <= buffer.count {
                let byte = index < buffer.count ? buffer[index] : UInt8(ascii: "/")
                if byte == 0 { return .invalid }
                if byte == UInt8(ascii: "/") {
                    let length = index - componentStart
                    let dots = buffer[componentStart..<index].allSatisfy { $0 == UInt8(ascii: ".") }
                    if length == 2, dots { return .invalid }
                    if length == 0 || (length == 1 && dots) { form = .needsNormalizing }
                    componentStart = index + 1
                }
                index += 1
            }
            return form
        }
    }

    /// `parent/name` for a component read from a directory.
    init(appending component: [UInt8], to parent: ModelPath?) {
        guard let parent else {
            self.utf8 = component
            return
        }
        var bytes = parent.utf8
        bytes.append(UInt8(ascii: "/"))
        bytes.append(contentsOf: component)
        self.utf8 = bytes
    }

    /// Hashes the bytes in one call: the synthesized conformance feeds the hasher one byte at a
    /// time, which dominated look-ups in the sets of hundreds of thousands of paths built when
    /// verifying large models.
    public func hash(into hasher: inout Hasher) {
        utf8.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    /// The path as text (always valid: paths are validated UTF-8).
    public var string: String { String(decoding: utf8, as: UTF8.self) }

    public var description: String { string }

    /// The components, split at `/`.
    public var components: [ArraySlice<UInt8>] {
        utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true)
    }

    /// Whether `self` equals `other` or lies inside the directory `other`.
    public func isWithin(_ other: ModelPath) -> Bool {
        guard utf8.count >= other.utf8.count, utf8.starts(with: other.utf8) else { return false }
        return utf8.count == other.utf8.count || utf8[other.utf8.count] == UInt8(ascii: "/")
    }

    public static func < (lhs: ModelPath, rhs: ModelPath) -> Bool {
        // Comparing component by component is comparing bytes with the separator ranked below
        // every other byte (names never contain NUL, and paths hold no empty components).
        lhs.utf8.withUnsafeBufferPointer { left in
            rhs.utf8.withUnsafeBufferPointer { right in
                let count = min(left.count, right.count)
                var index = 0
                while index < count {
                    let a = left[index], b = right[index]
                    if a != b {
                        return (a == UInt8(ascii: "/") ? 0 : a) < (b == UInt8(ascii: "/") ? 0 : b)
                    }
                    index += 1
                }
                return left.count < right.count
            }
        }
    }
}
