import ModelSigningPlatform

/// Why a model could not be hashed. Every case names the path concerned.
public enum ModelHashingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The model path does not exist or cannot be examined.
    case modelNotFound(path: String, errno: Int32)
    /// A file or directory could not be opened, examined or read.
    case io(path: String, operation: String, errno: Int32)
    /// A file changed (size, modification time or content length) while it was being hashed.
    case fileChanged(path: String)
    /// A symbolic link was found and links are not allowed.
    case symlinkNotAllowed(path: String)
    /// A symbolic link points outside the model (or outside every allowed root).
    case symlinkEscapesModel(path: String, target: String)
    /// A symbolic link is dangling or forms a cycle.
    case brokenSymlink(path: String, reason: String)
    /// A file name is not valid UTF-8 (shown with invalid bytes escaped as `\xNN`).
    case nonUTF8Name(path: String)
    /// Something that is neither a regular file, a directory nor a symbolic link (a socket, a device…).
    case unsupportedFileType(path: String)
    /// Nothing is left to hash after exclusions.
    case emptyModel(path: String)
    /// A shard size of zero or less.
    case invalidShardSize(Int64)
    /// A path named in a signature or by the caller would leave the model (`..`, absolute, empty).
    case pathOutsideModel(String)
    /// A file that was asked for is not in the model.
    case fileNotFound(path: String)

    public var description: String {
        switch self {
        case .modelNotFound(let path, let code):
            return "model path \(path) cannot be read: \(ModelHashingError.message(for: code))"
        case .io(let path, let operation, let code):
            return "cannot \(operation) \(path): \(ModelHashingError.message(for: code))"
        case .fileChanged(let path):
            return "file \(path) changed while it was being hashed"
        case .symlinkNotAllowed(let path):
            return "\(path) is a symbolic link; symbolic links are refused unless --allow-symlinks is given"
        case .symlinkEscapesModel(let path, let target):
            return "symbolic link \(path) points to \(target), outside the model; refused"
        case .brokenSymlink(let path, let reason):
            return "symbolic link \(path) cannot be followed: \(reason)"
        case .nonUTF8Name(let path):
            return "file name \(path) is not valid UTF-8; such names cannot be recorded in a signature"
        case .unsupportedFileType(let path):
            return "\(path) is not a regular file, directory or symbolic link"
        case .emptyModel(let path):
            return "model \(path) has no files to sign after exclusions"
        case .invalidShardSize(let size):
            return "shard size must be a positive number of bytes, got \(size)"
        case .pathOutsideModel(let path):
            return "path \"\(path)\" is not a relative path inside the model"
        case .fileNotFound(let path):
            return "file \(path) is not in the model"
        }
    }

    static func message(for code: Int32) -> String { SystemError.message(for: code) }
}

