/// One signed item of a model: a whole file, or a byte range of a file.
public struct Resource: Sendable, Hashable {
    /// The file.
    public let path: ModelPath
    /// The byte range, for shard serialization; nil for a whole file.
    public let range: Range<Int64>?
    /// The recorded algorithm (`sha256`, `sha256-sharded-1000000000`, …).
    public let algorithm: String
    /// The raw digest.
    public let digest: [UInt8]

    /// A resource for `path` (or its byte `range`, for a shard) with its digest.
    public init(path: ModelPath, range: Range<Int64>?, algorithm: String, digest: [UInt8]) {
        self.path = path
        self.range = range
        self.algorithm = algorithm
        self.digest = digest
    }

    /// The recorded name: the path, or `path:start:end` for a shard.
    public var name: String {
        guard let range else { return path.string }
        return "\(path.string):\(range.lowerBound):\(range.upperBound)"
    }

    /// The digest in lowercase hex.
    public var digestHex: String {
        String(unsafeUninitializedCapacity: digest.count * 2) { buffer in
            for (index, byte) in digest.enumerated() {
                buffer[2 * index] = Resource.hexDigits[Int(byte >> 4)]
                buffer[2 * index + 1] = Resource.hexDigits[Int(byte & 0xF)]
            }
            return digest.count * 2
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Orders by path components, then by numeric offset (the reference's order).
    package static func precedes(_ lhs: Resource, _ rhs: Resource) -> Bool {
        if lhs.path != rhs.path { return lhs.path < rhs.path }
        return (lhs.range?.lowerBound ?? 0) < (rhs.range?.lowerBound ?? 0)
    }
}
