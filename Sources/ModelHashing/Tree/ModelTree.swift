/// The files that make up a model, after exclusions, sorted by path.
public struct ModelTree: Sendable {
    /// The model path as given.
    public let modelPath: String
    /// The model's resolved absolute path.
    public let rootPath: String
    /// Whether the model is a single file (its only file is named `.`).
    public let isSingleFile: Bool
    /// The files to hash, sorted by path.
    public let files: [ModelFile]

    /// The informational model name: the last component of the resolved path.
    public var modelName: String {
        FileSystemPath.lastComponent(rootPath) ?? rootPath
    }

    /// Sum of the file sizes.
    public var totalBytes: Int64 { files.reduce(0) { $0 + $1.size } }
}
