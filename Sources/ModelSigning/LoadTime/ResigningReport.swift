import ModelHashing
import Sigstore

/// What an incremental re-signing did.
public struct ResigningReport: Sendable {
    /// The new signature, as written.
    public var bundle: SigstoreBundle
    /// The manifest it signs (complete: reused and fresh digests together).
    public var manifest: Manifest
    /// Files hashed in this run: new, changed, listed as changed, or not provably unchanged.
    public var hashedFiles: [ModelPath]
    /// Files whose digests were copied from the earlier signature without reading them.
    public var reusedFiles: [ModelPath]
    /// Bytes read and hashed in this run.
    public var bytesHashed: Int64
}
