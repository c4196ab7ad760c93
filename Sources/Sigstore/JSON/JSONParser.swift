/// A strict RFC 8259 parser with limits suited to untrusted input: bounded nesting depth,
/// rejection of duplicate object keys, invalid UTF-8 and lone surrogates.
///
/// It reads the document in place through an unsafe buffer: signatures of large models are tens
/// of megabytes, so the parser avoids per-byte bounds checks, copies and allocations other than
/// the decoded values themselves.
package struct JSONParser {
    /// The deepest nesting accepted. Bundles nest about ten levels deep.
    package static let maximumDepth = 64

    /// Objects with at most this many keys are checked for duplicates by comparing with each
    /// earlier key; larger ones use a hash set (cheaper for many keys, costly for a few).
    private static let linearDuplicateCheckLimit = 16

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var depth = 0
    /// What ``parse(_:deferring:)`` leaves undecoded; nil for an ordinary parse.
    private var deferral: StringDeferral?
    /// The key of the top-level member being read (names the container of a deferred string);
    /// nil while the document is not an object.
    private var topLevelKey: String?
    /// The strings left undecoded so far.
    private var deferred: [DeferredString] = []

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Parses one JSON document; trailing content other than white space is an error.
    package static func parse<Bytes: Collection<UInt8>>(_ input: Bytes) throws(JSONError) -> JSONValue {
        let result: Result<JSONValue, JSONError>
        if let contiguous = input.withContiguousStorageIfAvailable(parseResult) {
            result = contiguous
        } else {
            result = Array(input).withUnsafeBufferPointer(parseResult)
        }
        return try result.get()
    }

    private static func parseResult(_ buffer: UnsafeBufferPointer<UInt8>) -> Result<JSONValue, JSONError> {
        do {
            return .success(try parseDocument(buffer))
        } catch {
            return .failure(error)
        }
    }

    private static func parseDocument(_ buffer: UnsafeBufferPointer<UInt8>) throws(JSONError) -> JSONValue {
        var parser = JSONParser(bytes: buffer)
        return try parser.parseWholeDocument()
    }

    private mutating func parseWholeDocument() throws(JSONError) -> JSONValue {
        skipWhitespace()
        if index == bytes.count {
            throw JSONError(offset: 0, reason: "the document is empty")
        }
        let value = try parseValue()
        skipWhitespace()
        if index != bytes.count {
            throw error("unexpected content after the document")
        }
        return value
    }

    /// Parses one JSON document held in `buffer`, leaving the strings `deferral` names
    /// undecoded: each stands in the tree as an empty string, and its place in `buffer` is
    /// returned. The document is checked exactly as by ``parse(_:)`` (a deferred string is
    /// one that needs no decoding: ASCII without escapes or control characters).
    ///
    /// A bundle's DSSE payload is tens of megabytes of base64 for a large model: its reader
    /// decodes the base64 straight from the document rather than from a copy as a `String`.
    package static func parse(_ buffer: UnsafeBufferPointer<UInt8>,
                              deferring deferral: StringDeferral) throws(JSONError) -> (value: JSONValue, deferred: [DeferredString]) {
        var parser = JSONParser(bytes: buffer)
        parser.deferral = deferral
        let value = try parser.parseWholeDocument()
        return (value, parser.deferred)
    }

    /// Parses the one value at `index` (after any white space) of a document another reader is
    /// walking, `depth` levels deep there (so the nesting limit counts from the document's
    /// top), and moves `index` past it. Used to read the small parts of a large document in
    /// full while the reader streams through the rest.
    package static func parseValue(in buffer: UnsafeBufferPointer<UInt8>, at index: inout Int,
                                   depth: Int) throws(JSONError) -> JSONValue {
        var parser = JSONParser(bytes: buffer)
        parser.index = index
        parser.depth = depth
        parser.skipWhitespace()
        let value = try parser.parseValue()
        index = parser.index
        return value
    }

    private func error(_ reason: String) -> JSONError {
        JSONError(offset: index, reason: reason)
    }

    /// The byte at `index`, or nil at the end of the document.
    @inline(__always)
    private func peek() -> UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func parseValue() throws(JSONError) -> JSONValue {
        guard let byte = peek() else { throw error("unexpected end of the document") }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw error("unexpected character")
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONError) {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw error("unexpected end of the document") }
        let matches = literal.withUTF8Buffer { expected in
            expected.elementsEqual(bytes[index..<index + count])
        }
        guard matches else { throw error("invalid literal") }
        index += count
    }

    private mutating func enter() throws(JSONError) {
        depth += 1
        if depth > JSONParser.maximumDepth {
            throw error("nesting deeper than \(JSONParser.maximumDepth) levels")
        }
    }

    private mutating func parseObject() throws(JSONError) -> JSONValue {
        try enter()
        index += 1
        var entries: [(key: String, value: JSONValue)] = []
        var seen: Set<[UInt8]>? = nil
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(JSONObject(entries))
        }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else {
                throw error("expected a string key")
            }
            let keyOffset = index
            let key = try parseString()
            if JSONParser.isDuplicate(key, in: entries, seen: &seen) {
                throw JSONError(offset: keyOffset, reason: "duplicate key \(DisplayText.quoted(key))")
            }
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else { throw error("expected ':'") }
            index += 1
            skipWhitespace()
            if depth == 1 { topLevelKey = key }
            let value: JSONValue
            if let deferral, depth == 2, let topLevelKey, deferral.matches(key),
               let span = plainStringSpan(minimumLength: deferral.minimumLength) {
                deferred.append(DeferredString(containerKey: topLevelKey, span: span))
                value = .string("")
            } else {
                value = try parseValue()
            }
            entries.append((key, value))
            skipWhitespace()
            guard let separator = peek() else { throw error("unexpected end of the document") }
            if separator == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard separator == UInt8(ascii: "}") else { throw error("expected ',' or '}'") }
            index += 1
            depth -= 1
            return .object(JSONObject(entries))
        }
    }

    /// Whether `key` (not yet in `entries`) repeats an earlier key, comparing bytes, never
    /// Unicode-equivalent strings.
    private static func isDuplicate(_ key: String, in entries: [(key: String, value: JSONValue)],
                                    seen: inout Set<[UInt8]>?) -> Bool {
        if entries.count < linearDuplicateCheckLimit {
            for entry in entries where sameBytes(entry.key, key) { return true }
            return false
        }
        var keys = seen.take() ?? Set(entries.map { Array($0.key.utf8) })
        let inserted = keys.insert(Array(key.utf8)).inserted
        seen = keys
        return !inserted
    }

    private static func sameBytes(_ lhs: String, _ rhs: String) -> Bool {
        guard lhs.utf8.count == rhs.utf8.count else { return false }
        var lhs = lhs, rhs = rhs
        return lhs.withUTF8 { left in rhs.withUTF8 { right in left.elementsEqual(right) } }
    }

    private mutating func parseArray() throws(JSONError) -> JSONValue {
        try enter()
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            guard let separator = peek() else { throw error("unexpected end of the document") }
            if separator == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard separator == UInt8(ascii: "]") else { throw error("expected ',' or ']'") }
            index += 1
            depth -= 1
            return .array(elements)
        }
    }

    private mutating func skipDigits() {
        while let byte = peek(), isDigit(byte) { index += 1 }
    }

    private mutating func parseNumber() throws(JSONError) -> JSONNumber {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard let first = peek() else { throw error("invalid number") }
        if first == UInt8(ascii: "0") {
            index += 1
        } else if isDigit(first) {
            skipDigits()
        } else {
            throw error("invalid number")
        }
        if peek() == UInt8(ascii: ".") {
            index += 1
            guard let digit = peek(), isDigit(digit) else { throw error("invalid number") }
            skipDigits()
        }
        if let marker = peek(), marker == UInt8(ascii: "e") || marker == UInt8(ascii: "E") {
            index += 1
            if let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                index += 1
            }
            guard let digit = peek(), isDigit(digit) else { throw error("invalid number") }
            skipDigits()
        }
        guard index - start <= 64 else { throw JSONError(offset: start, reason: "number literal too long") }
        return JSONNumber(literal: String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
    }

    @inline(__always)
    private func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    /// When a string starts at `index` whose bytes are their own decoding (ASCII, no escape or
    /// control character) and at least `minimumLength` long: its contents' place, with `index`
    /// moved past it. Otherwise nil, and `index` is left for ``parseString()`` to read (or
    /// refuse) the string.
    private mutating func plainStringSpan(minimumLength: Int) -> Range<Int>? {
        guard peek() == UInt8(ascii: "\"") else { return nil }
        let start = index + 1
        let end = JSONParser.plainRunEnd(in: bytes, from: start)
        guard end < bytes.count, bytes[end] == UInt8(ascii: "\""), end - start >= minimumLength else { return nil }
        index = end + 1
        return start..<end
    }

    /// The position of the first byte at or after `start` that is not plain string content:
    /// a quote, a backslash, a control character or a byte outside ASCII (or the end). Eight
    /// bytes at a time: a deferred string is tens of megabytes.
    package static func plainRunEnd(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var position = start
        if let base = bytes.baseAddress {
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            while position + 8 <= bytes.count {
                let word = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)
                let quotes = word ^ (ones &* UInt64(UInt8(ascii: "\"")))
                let backslashes = word ^ (ones &* UInt64(UInt8(ascii: "\\")))
                // A byte is flagged when it is zero (quote, backslash after the XOR) or below
                // 0x20; bytes at 0x80 and above are flagged by their own high bit.
                let special = ((quotes &- ones) & ~quotes) | ((backslashes &- ones) & ~backslashes)
                    | ((word &- ones &* 0x20) & ~word) | word
                if special & highs != 0 { break }
                position += 8
            }
        }
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 { break }
            position += 1
        }
        return position
    }

    private mutating func parseString() throws(JSONError) -> String {
        index += 1  // opening quote
        let start = index
        // Fast path: no escapes, so the string is exactly the bytes between the quotes.
        var highBits: UInt8 = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let contents = UnsafeBufferPointer(rebasing: bytes[start..<index])
                index += 1
                // ASCII is valid UTF-8 as it is (and much quicker to copy than to validate:
                // base64 payloads are tens of megabytes).
                if highBits < 0x80 { return String(decoding: contents, as: UTF8.self) }
                guard let text = String(validating: contents, as: UTF8.self) else {
                    throw JSONError(offset: start, reason: "invalid UTF-8 in a string")
                }
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error("control character in a string") }
            highBits |= byte
            index += 1
        }
        var decoded = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while true {
            // Copy each run of plain bytes at once: an escaped JSON document inside a string
            // (a DSSE envelope in a Rekor entry) is megabytes with an escape every few hundred.
            let runStart = index
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
                index += 1
            }
            if index > runStart { decoded.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
            guard let byte = peek() else { throw error("unterminated string") }
            if byte == UInt8(ascii: "\"") {
                index += 1
                guard let text = String(validating: decoded, as: UTF8.self) else {
                    throw JSONError(offset: start, reason: "invalid UTF-8 in a string")
                }
                return text
            }
            if byte < 0x20 { throw error("control character in a string") }
            index += 1
            guard byte == UInt8(ascii: "\\") else {
                decoded.append(byte)
                continue
            }
            guard let escape = peek() else { throw error("unterminated string") }
            index += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(escape)
            case UInt8(ascii: "b"): decoded.append(0x08)
            case UInt8(ascii: "f"): decoded.append(0x0C)
            case UInt8(ascii: "n"): decoded.append(0x0A)
            case UInt8(ascii: "r"): decoded.append(0x0D)
            case UInt8(ascii: "t"): decoded.append(0x09)
            case UInt8(ascii: "u"):
                let first = try parseHexQuad()
                var value = first
                if (0xD800...0xDBFF).contains(first) {
                    guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                          bytes[index + 1] == UInt8(ascii: "u") else {
                        throw error("unpaired surrogate in a string")
                    }
                    index += 2
                    let second = try parseHexQuad()
                    guard (0xDC00...0xDFFF).contains(second) else { throw error("unpaired surrogate in a string") }
                    value = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(value) else { throw error("unpaired surrogate in a string") }
                UTF8.encode(scalar) { decoded.append($0) }
            default:
                throw error("invalid escape")
            }
        }
    }

    private mutating func parseHexQuad() throws(JSONError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("invalid \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let nibble = Hex.nibble(bytes[index]) else { throw error("invalid \\u escape") }
            value = value << 4 | UInt32(nibble)
            index += 1
        }
        return value
    }
}

/// Which strings ``JSONParser/parse(_:deferring:)`` leaves undecoded: values of members named
/// `key` in the objects that are members of the top-level object, at least `minimumLength`
/// bytes long.
package struct StringDeferral: Sendable {
    package let key: String
    package let minimumLength: Int

    package init(key: String, minimumLength: Int) {
        self.key = key
        self.minimumLength = minimumLength
    }

    /// Compares bytes, never Unicode-equivalent strings.
    func matches(_ candidate: String) -> Bool {
        candidate.utf8.elementsEqual(key.utf8)
    }
}

/// A string value left undecoded by ``JSONParser/parse(_:deferring:)``.
package struct DeferredString: Sendable, Equatable {
    /// The key, in the top-level object, of the object holding the string.
    package let containerKey: String
    /// The string's contents (between its quotes) in the document.
    package let span: Range<Int>
}

/// A document that is not valid JSON.
package struct JSONError: Error, Sendable, CustomStringConvertible {
    /// Byte offset of the problem.
    package let offset: Int
    package let reason: String

    package var description: String { "invalid JSON at byte \(offset): \(reason)" }
}
