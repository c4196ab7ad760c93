import ModelSigningPlatform

/// A worker's reader: one buffer, and the descriptor of the file it read last (consecutive
/// shards of one file reuse it).
///
/// Changes while hashing are caught three ways: the size and modification time must match the
/// tree walk's before reading, reading must return exactly the expected bytes, and size and
/// modification time must still match afterwards. A file (or last shard) that fits in one
/// read is read with a single call asking for one byte more than expected, which proves the
/// size did not change; the window for an in-place rewrite is then that one system call.
/// After a file's last byte, its path must still lead to the same file (not renamed over or
/// unlinked meanwhile).
struct FileRangeReader: ~Copyable {
    private let buffer: UnsafeMutableRawBufferPointer
    private var descriptor: Int32 = -1
    private var openPath: String?

    init(bufferSize: Int) {
        buffer = .allocate(byteCount: bufferSize, alignment: 4096)
    }

    deinit {
        if descriptor >= 0 { _ = systemClose(descriptor) }
        buffer.deallocate()
    }

    mutating func close() {
        if descriptor >= 0 { _ = systemClose(descriptor) }
        descriptor = -1
        openPath = nil
    }

    mutating func hash(_ item: HashWorkItem, of file: ModelFile, algorithm: HashAlgorithm,
                       progress: HashingProgress?) throws(ModelHashingError) -> [UInt8] {
        switch algorithm {
        case .sha256: return try hash(SHA256Engine.self, item, of: file, progress: progress)
        case .blake2b: return try hash(BLAKE2bEngine.self, item, of: file, progress: progress)
        case .blake3: return try hash(BLAKE3Engine.self, item, of: file, progress: progress)
        }
    }

    private mutating func hash<Engine: HashEngine>(_ engineType: Engine.Type, _ item: HashWorkItem, of file: ModelFile,
                                                   progress: HashingProgress?) throws(ModelHashingError) -> [UInt8] {
        let fd = try open(file)
        var engine = Engine()
        var offset = item.offset
        var remaining = item.length
        if item.offset + item.length == file.size, remaining < Int64(buffer.count) {
            // Small tail: one read that asks for one byte more also proves the file did not grow,
            // which saves the second fstat on the many-small-files path.
            let count = try readOnce(fd, wanted: Int(remaining) + 1, at: offset, file: file)
            guard count == Int(remaining) else { throw .fileChanged(path: file.path.string) }
            engine.update(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
            progress?.add(Int64(count))
            try file.checkPathUnchanged(descriptor: fd)
            return engine.finalize()
        }
        while remaining > 0 {
            let wanted = Int(min(Int64(buffer.count), remaining))
            let count: Int
            switch FileDescriptorIO.preadFully(fd, into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<wanted]), at: offset) {
            case .success(let read) where read < wanted: throw .fileChanged(path: file.path.string)
            case .success(let read): count = read
            case .failure(let failure): throw .io(path: file.path.string, operation: "read", errno: failure.code)
            }
            engine.update(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
            offset += Int64(count)
            remaining -= Int64(count)
            progress?.add(Int64(count))
        }
        try file.checkUnchanged(descriptor: fd)
        if item.offset + item.length == file.size { try file.checkPathUnchanged(descriptor: fd) }
        return engine.finalize()
    }

    private func readOnce(_ fd: Int32, wanted: Int, at offset: Int64, file: ModelFile) throws(ModelHashingError) -> Int {
        while true {
            let count = pread(fd, buffer.baseAddress, wanted, off_t(offset))
            if count >= 0 { return count }
            if errno != EINTR { throw .io(path: file.path.string, operation: "read", errno: errno) }
        }
    }

    private mutating func open(_ file: ModelFile) throws(ModelHashingError) -> Int32 {
        // Bytes, not `==`: two names that are canonically equivalent are still two files.
        if descriptor >= 0, let openPath, FileSystemPath.same(openPath, file.sourcePath) { return descriptor }
        close()
        let fd = systemOpen(file.sourcePath)
        guard fd >= 0 else { throw .io(path: file.path.string, operation: "open", errno: errno) }
        descriptor = fd
        openPath = file.sourcePath
        try file.checkUnchanged(descriptor: fd)
        return fd
    }
}

// Named wrappers: inside the reader, `open`/`close` are its own methods.
private func systemOpen(_ path: String) -> Int32 { open(path, O_RDONLY | O_CLOEXEC) }
private func systemClose(_ fd: Int32) -> Int32 { close(fd) }
