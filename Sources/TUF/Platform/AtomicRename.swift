import ModelSigningPlatform

/// `rename(2)`: atomically replaces `destination` with `source` (same file system).
/// Returns the `strerror` text on failure.
func atomicRename(_ source: String, _ destination: String) -> String? {
    rename(source, destination) == 0 ? nil : String(cString: strerror(errno))
}
