import Foundation

/// `timestamp` metadata: the current snapshot version.
public struct TimestampMetadata: Sendable {
    public let version: Int
    public let expires: Date
    /// What the timestamp lists for `snapshot.json`.
    public let snapshot: MetaFileInfo
    let raw: [UInt8]

    init(document: SignedMetadata) throws(TUFError) {
        let signed = document.signed
        try signed.checkHeader(type: "timestamp")
        version = try signed.integer("version")
        guard version >= 1 else { throw signed.malformed("version", "is lower than 1") }
        expires = try signed.expiry()
        let meta = try signed.object("meta")
        guard meta.object.entries.count == 1 else { throw signed.malformed("meta", "must list snapshot.json only") }
        snapshot = try MetaFileInfo(fields: try meta.object("snapshot.json"), requireVersion: true)
        raw = document.raw
    }
}
