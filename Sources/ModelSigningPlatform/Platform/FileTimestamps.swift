/// File times in nanoseconds since the epoch, hiding where each system keeps them in `stat`
/// and how it spells "leave this time alone".
package enum FileTimestamps {
    /// The modification time recorded in `status`.
    package static func modification(_ status: stat) -> Int64 { nanoseconds(times(status).modification) }

    /// The status-change time recorded in `status`.
    package static func statusChange(_ status: stat) -> Int64 { nanoseconds(times(status).statusChange) }

    /// The access time recorded in `status`.
    package static func access(_ status: stat) -> Int64 { nanoseconds(times(status).access) }

    /// The current wall-clock time.
    package static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return nanoseconds(time)
    }

    /// Sets the modification time of `path` (links followed), leaving its access time alone.
    /// Returns 0, or the `errno` of the failure.
    package static func setModification(of path: String, to nanoseconds: Int64) -> Int32 {
        var times = [timespec(tv_sec: 0, tv_nsec: omit),
                     timespec(tv_sec: time_t(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))]
        return utimensat(AT_FDCWD, path, &times, 0) == 0 ? 0 : errno
    }

    /// `UTIME_OMIT`, a C macro Swift does not import; its value differs between systems.
    private static var omit: Int {
        #if canImport(Darwin)
        return -2
        #elseif canImport(Glibc)
        return (1 << 30) - 2
        #elseif canImport(Musl)
        return (1 << 30) - 2
        #endif
    }

    private static func times(_ status: stat) -> (modification: timespec, statusChange: timespec, access: timespec) {
        #if canImport(Darwin)
        return (status.st_mtimespec, status.st_ctimespec, status.st_atimespec)
        #elseif canImport(Glibc)
        return (status.st_mtim, status.st_ctim, status.st_atim)
        #elseif canImport(Musl)
        return (status.st_mtim, status.st_ctim, status.st_atim)
        #endif
    }

    private static func nanoseconds(_ time: timespec) -> Int64 {
        Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }
}
