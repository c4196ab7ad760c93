/// A regular file of the model, found by the tree walk.
public struct ModelFile: Sendable, Hashable {
    /// The name recorded in the manifest.
    public let path: ModelPath
    /// Where to read it: the file itself, or a symbolic link's resolved target.
    public let sourcePath: String
    /// The size in bytes when walked.
    public let size: Int64
    /// Modification time in nanoseconds since the epoch, used to notice changes while hashing.
    public let modificationTime: Int64
    /// Device and inode the walk saw, when it recorded them: a different file found at
    /// `sourcePath` when reading (replaced, or reached through a swapped link) is a change even
    /// if its size and modification time match.
    let identity: FileIdentity?

    /// A file at `path` in the model, read from `sourcePath`, as it was when walked.
    public init(path: ModelPath, sourcePath: String, size: Int64, modificationTime: Int64) {
        self.init(path: path, sourcePath: sourcePath, size: size, modificationTime: modificationTime, identity: nil)
    }

    init(path: ModelPath, sourcePath: String, size: Int64, modificationTime: Int64, identity: FileIdentity?) {
        self.path = path
        self.sourcePath = sourcePath
        self.size = size
        self.modificationTime = modificationTime
        self.identity = identity
    }
}

/// Which file a path led to: device and inode numbers.
struct FileIdentity: Sendable, Hashable {
    let device: UInt64
    let inode: UInt64
}
