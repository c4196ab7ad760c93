import ModelSigningPlatform

extension ModelFile {
    /// A file as the tree walk found it, from its `stat` result.
    init(path: ModelPath, sourcePath: String, status: stat) {
        self.init(path: path, sourcePath: sourcePath, size: Int64(status.st_size),
                  modificationTime: ModelFile.modificationTime(status), identity: FileIdentity(status))
    }

    /// Checks that the open file `descriptor` is still the file the tree walk examined (same
    /// device and inode, when recorded), with the same size and modification time, and is still
    /// a regular file.
    func checkUnchanged(descriptor: Int32) throws(ModelHashingError) {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .io(path: path.string, operation: "examine", errno: errno) }
        guard matches(status) else { throw .fileChanged(path: path.string) }
    }

    /// Checks, once the last byte is read, that `sourcePath` still leads to the file read
    /// through `descriptor`. A file renamed over the path or unlinked while it was hashed
    /// leaves the open descriptor untouched, so only the path shows it: its current identity
    /// (`lstat`: device, inode, size, modification time) must be the walk's.
    func checkPathUnchanged(descriptor: Int32) throws(ModelHashingError) {
        var status = stat()
        guard lstat(sourcePath, &status) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { throw .fileChanged(path: path.string) }
            throw .io(path: path.string, operation: "examine", errno: errno)
        }
        guard matches(status) else { throw .fileChanged(path: path.string) }
        // Without the walk's identity (a caller-built ModelFile), compare with the descriptor's.
        guard identity == nil else { return }
        var opened = stat()
        guard fstat(descriptor, &opened) == 0 else { throw .io(path: path.string, operation: "examine", errno: errno) }
        guard FileIdentity(opened) == FileIdentity(status) else { throw .fileChanged(path: path.string) }
    }

    /// Whether `status` describes the regular file the walk recorded.
    private func matches(_ status: stat) -> Bool {
        Int64(status.st_size) == size && ModelFile.modificationTime(status) == modificationTime
            && status.st_mode & S_IFMT == S_IFREG && (identity == nil || identity == FileIdentity(status))
    }

    /// Modification time in nanoseconds since the epoch.
    static func modificationTime(_ status: stat) -> Int64 { FileTimestamps.modification(status) }
}

extension FileIdentity {
    init(_ status: stat) {
        self.init(device: UInt64(truncatingIfNeeded: status.st_dev), inode: UInt64(truncatingIfNeeded: status.st_ino))
    }
}
