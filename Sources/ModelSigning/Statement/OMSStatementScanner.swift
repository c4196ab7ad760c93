import ModelHashing
import Sigstore

/// Reads an OMS v1.0 statement in one pass over its bytes, without building a JSON tree.
///
/// A signature of a model with hundreds of thousands of files lists as many resources; as a
/// JSON tree each would cost several objects, strings and look-ups. This reader takes each
/// resource's name, algorithm and digest straight from the payload bytes (two allocations per
/// resource: its path and its digest) and reads only the small parts (subject, serialization) as
/// trees, through the same code as the full parser.
///
/// It is an accelerator, never a judge: it returns nil for any payload that is not valid JSON of
/// the exact shape signers write (these keys only, each once, string values, no `null`), or that
/// breaks any rule, and ``OMSStatement/parsedManifest(fromPayload:maximumResourceCount:)`` then
/// reads the payload and accepts or refuses it with its own words. Whatever this reader accepts,
/// the full parser accepts with the same manifest: it checks the grammar, UTF-8, duplicate keys
/// and nesting of everything it reads, compares bytes where the full parser compares strings, and
/// runs the same checks on the resources.
package struct OMSStatementScanner {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    /// A resource as read, before the serialization (which may come after it) is known.
    private struct Entry {
        var name: [UInt8]
        var algorithm: Range<Int>
        var digest: [UInt8]
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The manifest `payload` describes, or nil when the full parser must decide.
    package static func manifest(fromPayload payload: [UInt8], maximumResourceCount: Int) -> Manifest? {
        payload.withUnsafeBufferPointer { buffer in
            var scanner = OMSStatementScanner(bytes: buffer)
            guard let statement = try? scanner.statement(maximumResourceCount: maximumResourceCount) else { return nil }
            return try? scanner.manifest(statement)
        }
    }

    /// How many resources the walk over `payload` reads, without building the manifest (nil
    /// when it declines the payload): the walk's cost alone, for bench/parse.
    package static func entryCount(fromPayload payload: [UInt8]) -> Int? {
        payload.withUnsafeBufferPointer { buffer in
            var scanner = OMSStatementScanner(bytes: buffer)
            return (try? scanner.statement(maximumResourceCount: OMSStatement.maximumResourceCount))?.entries.count
        }
    }

    /// Anything this reader leaves to the full parser.
    private struct Refusal: Error {}

    /// What the statement holds: the small parts as JSON, the resources as read.
    private struct Statement {
        var subject: JSONValue
        var serialization: JSONObject
        var entries: [Entry]
    }

    // MARK: - Document structure

    private mutating func statement(maximumResourceCount: Int) throws(Refusal) -> Statement {
        var subject: JSONValue?
        var sawType = false, sawPredicateType = false
        var predicate: (serialization: JSONObject, entries: [Entry])?
        try beginObject()
        repeat {
            let key = try self.key()
            if isKey(key, "_type") {
                guard !sawType, matches(try plainString(), OMSStatement.statementType) else { throw Refusal() }
                sawType = true
            } else if isKey(key, "predicateType") {
                // The legacy predicate (and any other) is the full parser's.
                guard !sawPredicateType, matches(try plainString(), OMSStatement.predicateType) else { throw Refusal() }
                sawPredicateType = true
            } else if isKey(key, "subject") {
                guard subject == nil else { throw Refusal() }
                subject = try fullValue(depth: 1)
            } else if isKey(key, "predicate") {
                guard predicate == nil else { throw Refusal() }
                predicate = try self.predicate(maximumResourceCount: maximumResourceCount)
            } else {
                throw Refusal()
            }
        } while try nextMember()
        skipWhitespace()
        guard index == bytes.count, sawType, sawPredicateType, let subject, let predicate else { throw Refusal() }
        return Statement(subject: subject, serialization: predicate.serialization, entries: predicate.entries)
    }

    private mutating func predicate(maximumResourceCount: Int) throws(Refusal) -> (serialization: JSONObject, entries: [Entry]) {
        var serialization: JSONObject?
        var entries: [Entry]?
        try beginObject()
        repeat {
            let key = try self.key()
            if isKey(key, "serialization") {
                guard serialization == nil, let value = try fullValue(depth: 2).objectValue else { throw Refusal() }
                serialization = value
            } else if isKey(key, "resources") {
                guard entries == nil else { throw Refusal() }
                entries = try resources(limit: maximumResourceCount)
            } else {
                throw Refusal()
            }
        } while try nextMember()
        guard let serialization, let entries else { throw Refusal() }
        return (serialization, entries)
    }

    private mutating func resources(limit: Int) throws(Refusal) -> [Entry] {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "[") else { throw Refusal() }
        index += 1
        var entries: [Entry] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return entries
        }
        while true {
            // Over the limit the full parser words the refusal; stopping here bounds memory.
            guard entries.count < limit else { throw Refusal() }
            entries.append(try resource())
            skipWhitespace()
            guard index < bytes.count else { throw Refusal() }
            let separator = bytes[index]
            index += 1
            if separator == UInt8(ascii: ",") { continue }
            guard separator == UInt8(ascii: "]") else { throw Refusal() }
            return entries
        }
    }

    private mutating func resource() throws(Refusal) -> Entry {
        var name: [UInt8]?
        var algorithm: Range<Int>?
        var digest: [UInt8]?
        try beginObject()
        repeat {
            let key = try self.key()
            if isKey(key, "name") {
                guard name == nil else { throw Refusal() }
                name = try stringBytes()
            } else if isKey(key, "digest") {
                guard digest == nil, let decoded = Hex.decode(buffer: UnsafeBufferPointer(rebasing: bytes[try plainString()])) else {
                    throw Refusal()
                }
                digest = decoded
            } else if isKey(key, "algorithm") {
                guard algorithm == nil else { throw Refusal() }
                algorithm = try plainString()
            } else {
                throw Refusal()
            }
        } while try nextMember()
        guard let name, let algorithm, let digest else { throw Refusal() }
        return Entry(name: name, algorithm: algorithm, digest: digest)
    }

    // MARK: - Meaning (the full parser's checks, on what was read)

    private func manifest(_ statement: Statement) throws -> Manifest {
        let (modelName, rootHex) = try OMSStatement.subject(of: JSONReader(JSONObject([("subject", statement.subject)]), path: ""))
        let serialization = try OMSStatement.parseSerialization(JSONReader(statement.serialization, path: "predicate.serialization"))
        let entries = statement.entries
        let hash = serialization.hashAlgorithm
        let resourceAlgorithm = serialization.resourceAlgorithm
        var resources: [Resource] = []
        resources.reserveCapacity(entries.count)
        let hashName = Array(hash.rawValue.utf8)
        for entry in entries {
            guard entry.name.count <= OMSStatement.maximumNameLength, entry.digest.count == hash.digestByteCount else {
                throw Refusal()
            }
            let algorithm: String
            if hashName.withUnsafeBufferPointer({ matches(entry.algorithm, $0) }) {
                algorithm = hash.rawValue
            } else if matches(entry.algorithm, resourceAlgorithm) {
                algorithm = resourceAlgorithm
            } else {
                throw Refusal()
            }
            switch serialization.method {
            case .files:
                guard let path = ModelPath(validUTF8: entry.name) else { throw Refusal() }
                resources.append(Resource(path: path, range: nil, algorithm: algorithm, digest: entry.digest))
            case .shards(let size):
                resources.append(try OMSStatement.shardResource(name: String(decoding: entry.name, as: UTF8.self), size: size,
                                                                algorithm: algorithm, digest: entry.digest))
            }
        }
        return try OMSStatement.checkedManifest(modelName: modelName, rootHex: rootHex, serialization: serialization,
                                                resources: resources)
    }

    // MARK: - Tokens

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    /// Consumes the `{` that opens an object. An empty object has none of the keys expected,
    /// so it is left to the full parser too (by the `key()` that follows).
    private mutating func beginObject() throws(Refusal) {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { throw Refusal() }
        index += 1
    }

    /// A member's key (without escapes, which no expected key needs) and the `:` after it.
    private mutating func key() throws(Refusal) -> Range<Int> {
        let key = try plainString()
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw Refusal() }
        index += 1
        return key
    }

    /// After a member: true at `,` (another member follows), false at `}`.
    private mutating func nextMember() throws(Refusal) -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw Refusal() }
        let separator = bytes[index]
        index += 1
        switch separator {
        case UInt8(ascii: ","): return true
        case UInt8(ascii: "}"): return false
        default: throw Refusal()
        }
    }

    /// The contents of a string without escapes, control characters or bytes outside ASCII:
    /// bytes that are their own decoding.
    private mutating func plainString() throws(Refusal) -> Range<Int> {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw Refusal() }
        let start = index + 1
        let end = JSONParser.plainRunEnd(in: bytes, from: start)
        guard end < bytes.count, bytes[end] == UInt8(ascii: "\"") else { throw Refusal() }
        index = end + 1
        return start..<end
    }

    /// A string's decoded UTF-8 bytes: read in place when it needs no decoding, otherwise by
    /// the full parser (escapes, and the UTF-8 check of other bytes).
    private mutating func stringBytes() throws(Refusal) -> [UInt8] {
        let start = index
        if let plain = try? plainString() { return Array(bytes[plain]) }
        index = start
        guard let text = try fullValue(depth: 4).stringValue else { throw Refusal() }
        return Array(text.utf8)
    }

    /// The next value, parsed in full; `depth` is how deeply nested the value's container is.
    private mutating func fullValue(depth: Int) throws(Refusal) -> JSONValue {
        do {
            return try JSONParser.parseValue(in: bytes, at: &index, depth: depth)
        } catch {
            throw Refusal()
        }
    }

    private func isKey(_ range: Range<Int>, _ expected: StaticString) -> Bool {
        matches(range, UnsafeBufferPointer(start: expected.utf8Start, count: expected.utf8CodeUnitCount))
    }

    private func matches(_ range: Range<Int>, _ expected: String) -> Bool {
        var expected = expected
        return expected.withUTF8 { matches(range, $0) }
    }

    /// Byte comparison of a part of the document with `expected` (run for every key and
    /// algorithm of every resource, so without generic collection code).
    private func matches(_ range: Range<Int>, _ expected: UnsafeBufferPointer<UInt8>) -> Bool {
        guard expected.count == range.count else { return false }
        var offset = 0
        while offset < expected.count {
            if bytes[range.lowerBound + offset] != expected[offset] { return false }
            offset += 1
        }
        return true
    }
}
