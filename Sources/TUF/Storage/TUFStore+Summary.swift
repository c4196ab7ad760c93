import Foundation

/// The version and expiry of one cached role, as written when it was verified.
public struct TUFRoleSummary: Sendable {
    public let role: String
    public let version: Int
    public let expires: Date
}

extension TUFStore {
    /// The cached top-level roles (root, timestamp, snapshot, targets) that parse; the files
    /// were verified when written, so this reads them without checking signatures again.
    public func roleSummaries() -> [TUFRoleSummary] {
        var summaries: [TUFRoleSummary] = []
        for role in ["root", "timestamp", "snapshot", "targets"] {
            guard let bytes = metadata(role: role), let document = try? SignedMetadata(bytes: bytes, role: role) else { continue }
            let fields = document.signed
            guard let version = try? fields.integer("version"), let expires = try? fields.expiry() else { continue }
            summaries.append(TUFRoleSummary(role: role, version: version, expires: expires))
        }
        return summaries
    }
}
