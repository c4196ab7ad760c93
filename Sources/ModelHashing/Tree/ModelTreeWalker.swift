import ModelSigningPlatform

/// Lists a model's files with direct system calls (no Foundation enumerators: this path runs
/// once per file and models may hold hundreds of thousands of them).
public enum ModelTreeWalker {
    /// Walks the model at `modelPath` (a directory, or a single file).
    public static func walk(_ modelPath: String, options: TreeWalkOptions) throws(ModelHashingError) -> ModelTree {
        let root = try resolveRoot(modelPath)
        var status = stat()
        guard stat(root, &status) == 0 else { throw .modelNotFound(path: modelPath, errno: errno) }
        if fileType(status) == S_IFREG {
            let file = ModelFile(path: .singleFile, sourcePath: root, status: status)
            return ModelTree(modelPath: modelPath, rootPath: root, isSingleFile: true, files: [file])
        }
        guard fileType(status) == S_IFDIR else { throw .unsupportedFileType(path: modelPath) }

        let allowedRoots = options.allowSymlinks ? [root] + options.symlinkRoots.compactMap(realPath) : [root]
        var files: [ModelFile] = []
        // Each pending directory: its recorded path, its real location, and the real locations of
        // the directories above it on this logical path (to detect cycles through links).
        var pending: [(path: ModelPath?, realPath: String, ancestors: [String])] = [(nil, root, [])]
        while let directory = pending.popLast() {
            guard let handle = opendir(directory.realPath) else {
                throw .io(path: display(directory.path, root: modelPath), operation: "open directory", errno: errno)
            }
            defer { closedir(handle) }
            let descriptor = dirfd(handle)
            while true {
                errno = 0
                guard let entry = readdir(handle) else {
                    if errno != 0 {
                        throw .io(path: display(directory.path, root: modelPath), operation: "read directory", errno: errno)
                    }
                    break
                }
                let name = entryName(entry)
                if name == [UInt8(ascii: ".")] || name == [UInt8(ascii: "."), UInt8(ascii: ".")] { continue }
                guard String(validating: name, as: UTF8.self) != nil else {
                    throw .nonUTF8Name(path: escapedPath(directory.path, name))
                }
                let path = ModelPath(appending: name, to: directory.path)
                if options.isIgnored(path, name: name, atTop: directory.path == nil) { continue }
                let realEntryPath = directory.realPath + "/" + String(decoding: name, as: UTF8.self)

                var entryStatus = stat()
                let statResult = withUnsafePointer(to: &entry.pointee.d_name) { name in
                    name.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: entry.pointee.d_name)) {
                        fstatat(descriptor, $0, &entryStatus, AT_SYMLINK_NOFOLLOW)
                    }
                }
                guard statResult == 0 else { throw .io(path: path.string, operation: "examine", errno: errno) }

                switch fileType(entryStatus) {
                case S_IFREG:
                    files.append(ModelFile(path: path, sourcePath: realEntryPath, status: entryStatus))
                case S_IFDIR:
                    pending.append((path, realEntryPath, directory.ancestors + [directory.realPath]))
                case S_IFLNK:
                    guard options.allowSymlinks else { throw .symlinkNotAllowed(path: path.string) }
                    let target = try resolveLink(realEntryPath, path: path, allowedRoots: allowedRoots)
                    var targetStatus = stat()
                    guard stat(target, &targetStatus) == 0 else {
                        throw .brokenSymlink(path: path.string, reason: ModelHashingError.message(for: errno))
                    }
                    switch fileType(targetStatus) {
                    case S_IFREG:
                        files.append(ModelFile(path: path, sourcePath: target, status: targetStatus))
                    case S_IFDIR:
                        let ancestors = directory.ancestors + [directory.realPath]
                        if ancestors.contains(where: { FileSystemPath.same($0, target) }) || FileSystemPath.same(target, directory.realPath) {
                            throw .brokenSymlink(path: path.string, reason: "it forms a cycle")
                        }
                        pending.append((path, target, ancestors))
                    default:
                        throw .unsupportedFileType(path: path.string)
                    }
                default:
                    throw .unsupportedFileType(path: path.string)
                }
            }
        }
        files.sort { $0.path < $1.path }
        return ModelTree(modelPath: modelPath, rootPath: root, isSingleFile: false, files: files)
    }

    /// Looks up only the listed files (for verifying a subset, or only the files a signature
    /// names). Each must exist, be a regular file and stay inside the model.
    public static func files(_ paths: [ModelPath], in modelPath: String,
                             options: TreeWalkOptions) throws(ModelHashingError) -> ModelTree {
        let root = try resolveRoot(modelPath)
        var rootStatus = stat()
        guard stat(root, &rootStatus) == 0 else { throw .modelNotFound(path: modelPath, errno: errno) }
        if fileType(rootStatus) == S_IFREG {
            guard paths.allSatisfy({ $0 == .singleFile }) else {
                throw .fileNotFound(path: paths.first { $0 != .singleFile }?.string ?? "")
            }
            let files = paths.isEmpty ? [] : [ModelFile(path: .singleFile, sourcePath: root, status: rootStatus)]
            return ModelTree(modelPath: modelPath, rootPath: root, isSingleFile: true, files: files)
        }
        let allowedRoots = options.allowSymlinks ? [root] + options.symlinkRoots.compactMap(realPath) : [root]
        var files: [ModelFile] = []
        for path in Set(paths).sorted() {
            guard path != .singleFile else { throw .pathOutsideModel(".") }
            // Refuse links on the way unless they are allowed; then check where the path really leads.
            var prefix = root
            for component in path.components {
                prefix += "/" + String(decoding: component, as: UTF8.self)
                var status = stat()
                guard lstat(prefix, &status) == 0 else {
                    if errno == ENOENT || errno == ENOTDIR { throw .fileNotFound(path: path.string) }
                    throw .io(path: path.string, operation: "examine", errno: errno)
                }
                if fileType(status) == S_IFLNK && !options.allowSymlinks {
                    throw .symlinkNotAllowed(path: path.string)
                }
            }
            let target = try resolveLink(prefix, path: path, allowedRoots: allowedRoots)
            var status = stat()
            guard stat(target, &status) == 0 else { throw .io(path: path.string, operation: "examine", errno: errno) }
            guard fileType(status) == S_IFREG else { throw .unsupportedFileType(path: path.string) }
            files.append(ModelFile(path: path, sourcePath: target, status: status))
        }
        return ModelTree(modelPath: modelPath, rootPath: root, isSingleFile: false, files: files)
    }

    // MARK: - Helpers

    private static func resolveRoot(_ modelPath: String) throws(ModelHashingError) -> String {
        guard let resolved = realpath(modelPath, nil) else { throw .modelNotFound(path: modelPath, errno: errno) }
        defer { free(resolved) }
        // Paths are handled as text from here on; a folder above the model whose name is not
        // UTF-8 (the current directory, for a relative path) is refused by name rather than
        // mangled into a path that does not exist.
        let bytes = UnsafeBufferPointer(start: resolved, count: strlen(resolved)).map { UInt8(bitPattern: $0) }
        guard let root = String(validating: bytes, as: UTF8.self) else {
            throw .nonUTF8Name(path: escapedPath(nil, bytes))
        }
        return root
    }

    /// The canonical absolute path (links resolved), or nil when it does not exist.
    package static func realPath(_ path: String) -> String? { RealPath.resolve(path) }

    private static func resolveLink(_ linkPath: String, path: ModelPath,
                                    allowedRoots: [String]) throws(ModelHashingError) -> String {
        guard let target = realPath(linkPath) else {
            let reason = errno == ELOOP ? "it forms a cycle" : ModelHashingError.message(for: errno)
            throw .brokenSymlink(path: path.string, reason: reason)
        }
        let inside = allowedRoots.contains { FileSystemPath.isWithin(target, $0) }
        guard inside else { throw .symlinkEscapesModel(path: path.string, target: target) }
        return target
    }

    private static func fileType(_ status: stat) -> mode_t { status.st_mode & S_IFMT }

    private static func entryName(_ entry: UnsafeMutablePointer<dirent>) -> [UInt8] {
        withUnsafeBytes(of: &entry.pointee.d_name) { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            let length = bytes.firstIndex(of: 0) ?? bytes.count
            return Array(bytes[..<length])
        }
    }

    private static func display(_ path: ModelPath?, root: String) -> String {
        path?.string ?? root
    }

    /// A path with bytes that are not UTF-8 shown as `\xNN`.
    private static func escapedPath(_ parent: ModelPath?, _ name: [UInt8]) -> String {
        var text = parent.map { $0.string + "/" } ?? ""
        var index = 0
        while index < name.count {
            var end = index + 1
            while end <= min(name.count, index + 4) {
                if let scalar = String(validating: name[index..<end], as: UTF8.self) {
                    text += scalar
                    break
                }
                end += 1
            }
            if end > min(name.count, index + 4) {
                text += "\\x" + String(name[index], radix: 16, uppercase: false).leftPadded(to: 2)
                end = index + 1
            }
            index = end
        }
        return text
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
