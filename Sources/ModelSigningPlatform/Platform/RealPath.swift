/// Canonical paths and the working directory.
package enum RealPath {
    /// The canonical absolute form of `path` (every link resolved), or nil with `errno` set
    /// when it does not exist or cannot be resolved.
    package static func resolve(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The current working directory, or nil when it cannot be determined.
    package static func currentDirectory() -> String? {
        guard let buffer = getcwd(nil, 0) else { return nil }
        defer { free(buffer) }
        return String(cString: buffer)
    }
}
