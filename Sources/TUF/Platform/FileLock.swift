import ModelSigningPlatform

/// An exclusive advisory lock on a file (`flock`), held until `unlock` or process exit, so
/// two processes updating the same cache take turns. The lock file itself is never removed
/// (removing it would let a third process lock a different inode).
final class FileLock {
    private let descriptor: Int32

    /// Opens (creating) `path` and waits for the exclusive lock.
    init(path: String) throws(TUFError) {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw TUFError(role: "cache", check: .storage, "cannot open lock file \(path): \(String(cString: strerror(errno)))")
        }
        while flock(fd, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            let reason = String(cString: strerror(errno))
            close(fd)
            throw TUFError(role: "cache", check: .storage, "cannot lock \(path): \(reason)")
        }
        descriptor = fd
    }

    /// Releases the lock.
    func unlock() {
        _ = flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
