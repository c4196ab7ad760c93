import Sigstore
import ModelHashing
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading and writing signature files: bounded reads, and writes that never leave a partial
/// file behind (temporary file in the same directory, flushed, then renamed over the target).
enum SignatureFile {
    /// Bundles larger than this are refused rather than read into memory.
    static let maximumSize = 512 << 20

    /// Reads and parses the bundle at `path` (structure only; nothing is verified).
    static func bundle(at path: String) throws(ModelSigningError) -> SigstoreBundle {
        let bytes = try contents(of: path)
        do {
            return try SigstoreBundle.parse(bytes)
        } catch {
            throw .malformedBundle(error)
        }
    }

    static func contents(of path: String) throws(ModelSigningError) -> [UInt8] {
        try contents(of: path, what: "signature", limit: maximumSize)
    }

    /// Reads a whole regular file of at most `limit` bytes; `what` names it in errors.
    static func contents(of path: String, what: String, limit: Int) throws(ModelSigningError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(path: path, reason: "cannot open the \(what): \(errorText())") }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw .io(path: path, reason: "cannot examine the \(what): \(errorText())") }
        guard status.st_mode & S_IFMT == S_IFREG else { throw .io(path: path, reason: "the \(what) is not a regular file") }
        guard status.st_size <= limit else { throw .io(path: path, reason: "the \(what) is larger than \(limit) bytes") }
        var bytes: [UInt8] = []
        // The size is a hint (the file may change while it is read), bounded by `limit` above.
        bytes.reserveCapacity(max(0, Int(status.st_size)) + 1)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, reason: "cannot read the \(what): \(errorText())")
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[..<count])
            guard bytes.count <= limit else { throw .io(path: path, reason: "the \(what) is larger than \(limit) bytes") }
        }
        return bytes
    }

    static func replace(_ path: String, with bytes: [UInt8]) throws(ModelSigningError) {
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        var template = Array(((directory.isEmpty ? "/" : directory) + "/.model-signing-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw .io(path: path, reason: "cannot create a file next to the signature: \(errorText())") }
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var succeeded = false
        defer {
            if !succeeded { unlink(temporary) }
        }
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if count < 0 {
                if errno == EINTR { continue }
                let reason = errorText()
                close(fd)
                throw .io(path: path, reason: "cannot write the signature: \(reason)")
            }
            offset += count
        }
        fchmod(fd, 0o644)
        guard fsync(fd) == 0 else {
            let reason = errorText()
            close(fd)
            throw .io(path: path, reason: "cannot write the signature: \(reason)")
        }
        guard close(fd) == 0 else { throw .io(path: path, reason: "cannot write the signature: \(errorText())") }
        guard rename(temporary, path) == 0 else { throw .io(path: path, reason: "cannot write the signature: \(errorText())") }
        succeeded = true
    }

    /// The signature's path relative to the model root when it lies inside the model.
    static func pathInsideModel(signaturePath: String, modelRoot: String) -> ModelPath? {
        let slash = signaturePath.lastIndex(of: "/")
        let directory = slash.map { String(signaturePath[..<$0]) } ?? "."
        let name = slash.map { String(signaturePath[signaturePath.index(after: $0)...]) } ?? signaturePath
        guard let resolved = realpath(directory.isEmpty ? "/" : directory, nil) else { return nil }
        let absoluteDirectory = String(cString: resolved)
        free(resolved)
        let absolute = (absoluteDirectory == "/" ? "" : absoluteDirectory) + "/" + name
        guard absolute.hasPrefix(modelRoot + "/") else { return nil }
        return ModelPath(String(absolute.dropFirst(modelRoot.count + 1)))
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }
}
