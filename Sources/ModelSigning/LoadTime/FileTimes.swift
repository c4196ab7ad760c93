#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file's modification and status-change times, in nanoseconds since the epoch.
///
/// The status-change time (`ctime`) cannot be set by ordinary programs: copying with
/// preserved times or `touch -d` moves it to now. Re-signing trusts neither time alone.
struct FileTimes: Equatable {
    let modification: Int64
    let statusChange: Int64

    /// The later of the two.
    var latest: Int64 { max(modification, statusChange) }

    /// The times of the file at `path` (links followed), or nil when it cannot be examined.
    init?(path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        #if canImport(Darwin)
        modification = Int64(status.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(status.st_mtimespec.tv_nsec)
        statusChange = Int64(status.st_ctimespec.tv_sec) * 1_000_000_000 + Int64(status.st_ctimespec.tv_nsec)
        #else
        modification = Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
        statusChange = Int64(status.st_ctim.tv_sec) * 1_000_000_000 + Int64(status.st_ctim.tv_nsec)
        #endif
    }

    /// The current time in nanoseconds since the epoch.
    static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }

    /// Sets the modification time of `path` (the access time is left alone). Best effort.
    @discardableResult
    static func setModificationTime(of path: String, to nanoseconds: Int64) -> Bool {
        // UTIME_OMIT (a C macro Swift does not import): leave the access time alone.
        let omit = (1 << 30) - 2
        var times = [timespec(tv_sec: 0, tv_nsec: omit),
                     timespec(tv_sec: time_t(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))]
        return utimensat(AT_FDCWD, path, &times, 0) == 0
    }
}
