import Sigstore

/// Reads TUF metadata as the client does, without a trusted state, for the fuzz harnesses
/// (ModelSigningFuzzing): every step that sees remote bytes before or after a signature check.
package enum TUFMetadataParser {
    /// Parses `bytes` as metadata of each top-level type (at most one can match `_type`), checks a
    /// root's signatures against its own keys, and asks each delegation of a targets document
    /// whether it is responsible for `targetPath`. Errors are what the client would report.
    package static func read(_ bytes: [UInt8], targetPath: String) throws(TUFError) {
        let document = try SignedMetadata(bytes: bytes, role: "fuzzed")
        if let root = try? RootMetadata(document: document) {
            try document.verify(with: root.roleKeys("root"), keys: root.keys, signer: "root")
        }
        if let timestamp = try? TimestampMetadata(document: document) {
            _ = timestamp.snapshot.version
        }
        if let snapshot = try? SnapshotMetadata(document: document) {
            _ = snapshot.info(forRole: "targets")
        }
        let targets = try TargetsMetadata(document: document)
        _ = targets.target(targetPath)
        for role in targets.delegatedRoles {
            _ = role.isResponsible(for: targetPath)
        }
    }
}
