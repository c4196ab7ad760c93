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
        guard Int64(status.st_size) == size, ModelFile.modificationTime(status) == modificationTime,
              status.st_mode & S_IFMT == S_IFREG, identity == nil || identity == FileIdentity(status) else {
            throw .fileChanged(path: path.string)
        }
    }

    /// Modification time in nanoseconds since the epoch.
    static func modificationTime(_ status: stat) -> Int64 { FileTimestamps.modification(status) }
}

extension FileIdentity {
    init(_ status: stat) {
        self.init(device: UInt64(truncatingIfNeeded: status.st_dev), inode: UInt64(truncatingIfNeeded: status.st_ino))
    }
}
