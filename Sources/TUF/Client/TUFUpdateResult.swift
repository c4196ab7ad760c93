import Crypto
import Foundation

/// The trusted state after an update (or after checking the cache offline).
public struct TUFUpdateResult: Sendable {
    public let root: RootMetadata
    public let timestamp: TimestampMetadata
    public let snapshot: SnapshotMetadata
    public let targets: TargetsMetadata
    /// The requested targets, verified, by path.
    public let targetFiles: [String: [UInt8]]
    /// How many downloads were made (0 when offline).
    public let requests: Int

    /// The bytes of a requested target.
    public func target(_ path: String) -> [UInt8]? {
        targetFiles.first { Array($0.key.utf8) == Array(path.utf8) }?.value
    }
}
