import Sigstore
import ModelHashing
import ModelSigningPlatform

/// Reading and writing signature files: bounded reads, and writes that never leave a partial
/// file behind (temporary file in the same directory, flushed, then renamed over the target).
package enum SignatureFile {
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
        // The size is a hint (the file may change while it is read), bounded by `limit` above.
        // Read straight into the result, one byte more than the size to see the end. (No
        // huge-page advice: zeroing fresh 2 MiB pages cost more than the faults it saves.)
        var failure: ModelSigningError?
        var reachedEnd = false
        var bytes = [UInt8](unsafeUninitializedCapacity: max(0, Int(status.st_size)) + 1) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            while initialized < buffer.count {
                let count = read(fd, base + initialized, buffer.count - initialized)
                if count < 0 {
                    if errno == EINTR { continue }
                    failure = .io(path: path, reason: "cannot read the \(what): \(errorText())")
                    return
                }
                if count == 0 {
                    reachedEnd = true
                    return
                }
                initialized += count
            }
        }
        if let failure { throw failure }
        guard bytes.count <= limit else { throw .io(path: path, reason: "the \(what) is larger than \(limit) bytes") }
        if reachedEnd { return bytes }
        // The file grew since fstat: the rest by chunks.
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

    package static func replace(_ path: String, with bytes: [UInt8]) throws(ModelSigningError) {
        switch AtomicFile.replace(path, with: bytes) {
        case .success:
            return
        case .failure(let failure) where failure.step == .createTemporary:
            throw .io(path: path, reason: "cannot create a file next to the signature: \(failure.errno)")
        case .failure(let failure):
            throw .io(path: path, reason: "cannot write the signature: \(failure.errno)")
        }
    }

    /// The signature's path relative to the model root when it lies inside the model.
    static func pathInsideModel(signaturePath: String, modelRoot: String) -> ModelPath? {
        let (parent, name) = FileSystemPath.splitLast(signaturePath)
        let directory = parent ?? "."
        guard let absoluteDirectory = RealPath.resolve(directory.isEmpty ? "/" : directory) else { return nil }
        let absolute = (FileSystemPath.same(absoluteDirectory, "/") ? "" : absoluteDirectory) + "/" + name
        guard let inside = FileSystemPath.remainder(of: absolute, under: modelRoot) else { return nil }
        return ModelPath(inside)
    }

    private static func errorText() -> String { SystemError.lastMessage }
}
