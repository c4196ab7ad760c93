import Crypto
import Sigstore

/// What a parent lists about a metadata file or a target: version (metadata), length and hashes.
public struct MetaFileInfo: Sendable {
    /// The version (metadata files only; 0 for targets).
    public let version: Int
    /// The length in bytes, when listed.
    public let length: Int?
    /// Hashes by algorithm name, in listed order.
    public let hashes: [(algorithm: String, digest: [UInt8])]

    init(fields: MetadataFields, requireVersion: Bool) throws(TUFError) {
        version = requireVersion ? try fields.integer("version") : (try fields.optionalInteger("version") ?? 0)
        if requireVersion, version < 1 { throw fields.malformed("version", "is lower than 1") }
        length = try fields.optionalInteger("length")
        var hashes: [(String, [UInt8])] = []
        if let hashFields = try fields.optionalObject("hashes") {
            for entry in hashFields.object.entries {
                guard let text = entry.value.stringValue, let digest = Hex.decodeDigest(text) else {
                    throw hashFields.malformed(entry.key, "is not a hex digest")
                }
                hashes.append((entry.key, digest))
            }
            guard !hashes.isEmpty else { throw fields.malformed("hashes", "is empty") }
        }
        self.hashes = hashes
    }

    /// Checks `data` against the listed length and every listed hash.
    func verify(_ data: [UInt8], role: String) throws(TUFError) {
        if let length, data.count != length {
            throw TUFError(role: role, check: .length, "length \(data.count) differs from the listed \(length)")
        }
        for (algorithm, expected) in hashes {
            guard let actual = MetaFileInfo.digest(algorithm, data) else {
                throw TUFError(role: role, check: .hash, "unsupported hash algorithm \(algorithm)")
            }
            guard actual == expected else {
                throw TUFError(role: role, check: .hash,
                               "\(algorithm) \(Hex.encode(actual)) differs from the listed \(Hex.encode(expected))")
            }
        }
    }

    static func digest(_ algorithm: String, _ data: [UInt8]) -> [UInt8]? {
        switch algorithm {
        case "sha256": return Array(SHA256.hash(data: data))
        case "sha384": return Array(SHA384.hash(data: data))
        case "sha512": return Array(SHA512.hash(data: data))
        default: return nil
        }
    }
}

extension Hex {
    /// A non-empty hex digest.
    static func decodeDigest(_ text: String) -> [UInt8]? {
        guard let bytes = Hex.decode(text), !bytes.isEmpty else { return nil }
        return bytes
    }
}
