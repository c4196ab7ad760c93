import ModelSigningPlatform

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
        modification = FileTimestamps.modification(status)
        statusChange = FileTimestamps.statusChange(status)
    }

    /// The current time in nanoseconds since the epoch.
    static func now() -> Int64 { FileTimestamps.now() }

    /// Sets the modification time of `path` (the access time is left alone). Best effort.
    @discardableResult
    static func setModificationTime(of path: String, to nanoseconds: Int64) -> Bool {
        FileTimestamps.setModification(of: path, to: nanoseconds) == 0
    }
}
