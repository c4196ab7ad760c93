import Foundation

/// Verified-shape `root` metadata: the keys and thresholds of the top-level roles.
public struct RootMetadata: Sendable {
    public let version: Int
    public let expires: Date
    public let consistentSnapshot: Bool
    /// Keys by key id (bytes).
    let keys: [[UInt8]: TUFKey]
    /// Top-level roles by name: root, timestamp, snapshot, targets.
    let roles: [String: RoleKeys]
    let document: SignedMetadata

    init(document: SignedMetadata) throws(TUFError) {
        let signed = document.signed
        try signed.checkHeader(type: "root")
        version = try signed.integer("version")
        guard version >= 1 else { throw signed.malformed("version", "is lower than 1") }
        expires = try signed.expiry()
        consistentSnapshot = signed.object["consistent_snapshot"] == nil ? false : try signed.bool("consistent_snapshot")
        var keys: [[UInt8]: TUFKey] = [:]
        let keyFields = try signed.object("keys")
        for entry in keyFields.object.entries {
            guard let keyObject = entry.value.objectValue else { throw keyFields.malformed(entry.key, "is not an object") }
            keys[Array(entry.key.utf8)] = try TUFKey(fields: MetadataFields(keyObject, role: document.role, path: "signed.keys.\(entry.key)"))
        }
        var roles: [String: RoleKeys] = [:]
        let roleFields = try signed.object("roles")
        for name in ["root", "timestamp", "snapshot", "targets"] {
            roles[name] = try RoleKeys(fields: try roleFields.object(name), name: name)
        }
        self.keys = keys
        self.roles = roles
        self.document = document
    }

    func roleKeys(_ name: String) -> RoleKeys {
        // The initializer requires all four top-level roles.
        roles[name] ?? RoleKeys.none
    }
}

extension RoleKeys {
    /// A role nobody can sign (threshold above any key count); used only as an unreachable fallback.
    static let none = RoleKeys(keyIDs: [], threshold: Int.max)

    init(keyIDs: [String], threshold: Int) {
        self.keyIDs = keyIDs
        self.threshold = threshold
    }
}
