/// Every difference between a model and its signature.
public struct ModelMismatch: Sendable, Equatable, CustomStringConvertible {
    /// A resource whose digest differs.
    public struct Change: Sendable, Equatable {
        /// The resource (file or shard) name.
        public let name: String
        /// The digest the signature records, in hex.
        public let expectedDigest: String
        /// The digest of the model on disk, in hex.
        public let actualDigest: String
    }

    /// Signed resources not found in the model.
    public var missing: [String]
    /// Resources in the model that the signature does not list.
    public var extra: [String]
    /// Resources whose content changed.
    public var changed: [Change]

    /// Whether the model matched (nothing missing, extra or changed).
    public var isEmpty: Bool { missing.isEmpty && extra.isEmpty && changed.isEmpty }

    public var description: String {
        var parts: [String] = []
        if !missing.isEmpty { parts.append("missing files: " + missing.joined(separator: ", ")) }
        if !extra.isEmpty { parts.append("extra files not in the signature: " + extra.joined(separator: ", ")) }
        for change in changed {
            parts.append("hash mismatch for \(change.name): expected \(change.expectedDigest), actual \(change.actualDigest)")
        }
        return "model does not match its signature: " + parts.joined(separator: "; ")
    }
}
