import ModelSigningPlatform

/// The signal a process receives when it writes past its file-size limit (`ulimit -f`).
enum FileSizeLimitSignal {
    /// Ignores SIGXFSZ, whose default action kills the process on the spot, so that a write
    /// past the limit fails with EFBIG instead: the signature writer then removes its temporary
    /// file and reports the error, as it does for a full disk.
    static func ignore() {
        _ = signal(SIGXFSZ, SIG_IGN)
    }
}
