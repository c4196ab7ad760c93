import Foundation

/// `snapshot` metadata: the version of every targets metadata file.
public struct SnapshotMetadata: Sendable {
    public let version: Int
    public let expires: Date
    /// Listed files (`targets.json`, `<delegated role>.json`) by name bytes.
    let meta: [[UInt8]: MetaFileInfo]
    let raw: [UInt8]

    init(document: SignedMetadata) throws(TUFError) {
        let signed = document.signed
        try signed.checkHeader(type: "snapshot")
        version = try signed.integer("version")
        guard version >= 1 else { throw signed.malformed("version", "is lower than 1") }
        expires = try signed.expiry()
        let metaFields = try signed.object("meta")
        var meta: [[UInt8]: MetaFileInfo] = [:]
        for entry in metaFields.object.entries {
            meta[Array(entry.key.utf8)] = try MetaFileInfo(fields: try metaFields.object(entry.key), requireVersion: true)
        }
        guard meta[Array("targets.json".utf8)] != nil else { throw signed.malformed("meta", "does not list targets.json") }
        self.meta = meta
        raw = document.raw
    }

    /// What the snapshot lists for a targets role's metadata file.
    func info(forRole role: String) -> MetaFileInfo? { meta[Array("\(role).json".utf8)] }
}
