import Foundation

/// `targets` metadata (top-level or delegated): target files and delegations.
public struct TargetsMetadata: Sendable {
    public let version: Int
    public let expires: Date
    /// Targets by path bytes.
    let targets: [[UInt8]: MetaFileInfo]
    /// Keys of delegated roles, by key id bytes.
    let delegationKeys: [[UInt8]: TUFKey]
    /// Delegated roles, in priority order.
    public let delegatedRoles: [DelegatedRole]
    let raw: [UInt8]

    init(document: SignedMetadata) throws(TUFError) {
        let signed = document.signed
        try signed.checkHeader(type: "targets")
        version = try signed.integer("version")
        guard version >= 1 else { throw signed.malformed("version", "is lower than 1") }
        expires = try signed.expiry()
        let targetFields = try signed.object("targets")
        var targets: [[UInt8]: MetaFileInfo] = [:]
        for entry in targetFields.object.entries {
            let info = try MetaFileInfo(fields: try targetFields.object(entry.key), requireVersion: false)
            guard info.length != nil, !info.hashes.isEmpty else {
                throw targetFields.malformed(entry.key, "lacks a length or hashes")
            }
            targets[Array(entry.key.utf8)] = info
        }
        var delegationKeys: [[UInt8]: TUFKey] = [:]
        var delegatedRoles: [DelegatedRole] = []
        if let delegations = try signed.optionalObject("delegations") {
            let keyFields = try delegations.object("keys")
            for entry in keyFields.object.entries {
                delegationKeys[Array(entry.key.utf8)] = try TUFKey(fields: try keyFields.object(entry.key))
            }
            var names = Set<[UInt8]>()
            for element in try delegations.array("roles") {
                guard let object = element.objectValue else { throw delegations.malformed("roles", "holds a value that is not an object") }
                let role = try DelegatedRole(fields: MetadataFields(object, role: document.role, path: "signed.delegations.roles[]"))
                guard names.insert(Array(role.name.utf8)).inserted else {
                    throw delegations.malformed("roles", "lists role \(role.name) twice")
                }
                guard !["root", "timestamp", "snapshot", "targets"].contains(where: { Array($0.utf8) == Array(role.name.utf8) }) else {
                    throw delegations.malformed("roles", "delegates to the top-level role name \(role.name)")
                }
                delegatedRoles.append(role)
            }
        }
        self.targets = targets
        self.delegationKeys = delegationKeys
        self.delegatedRoles = delegatedRoles
        raw = document.raw
    }

    /// What this role lists for `path`.
    func target(_ path: String) -> MetaFileInfo? { targets[Array(path.utf8)] }
}
