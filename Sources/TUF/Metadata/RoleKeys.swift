/// The keys allowed to sign a role and how many of them must: a root role entry or a delegation.
public struct RoleKeys: Sendable {
    /// Key ids, in metadata order, without duplicates.
    public let keyIDs: [String]
    /// The number of distinct valid signatures required (at least 1).
    public let threshold: Int

    init(fields: MetadataFields, name: String) throws(TUFError) {
        keyIDs = try fields.stringArray("keyids")
        threshold = try fields.integer("threshold")
        guard threshold >= 1 else { throw fields.malformed("threshold", "of role \(name) is lower than 1") }
        guard Set(keyIDs.map { Array($0.utf8) }).count == keyIDs.count else {
            throw fields.malformed("keyids", "of role \(name) lists a key twice")
        }
    }
}
