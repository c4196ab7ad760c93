/// A regular file of the model, found by the tree walk.
public struct ModelFile: Sendable, Hashable {
    /// The name recorded in the manifest.
    public let path: ModelPath
    /// Where to read it: the file itself, or a symbolic link's resolved target.
    public let sourcePath: String
    public let size: Int64
    /// Modification time in nanoseconds since the epoch, used to notice changes while hashing.
    public let modificationTime: Int64

    public init(path: ModelPath, sourcePath: String, size: Int64, modificationTime: Int64) {
        self.path = path
        self.sourcePath = sourcePath
        self.size = size
        self.modificationTime = modificationTime
    }
}
