import ModelSigningPlatform

/// Writing to a pipe whose reader has exited must be an error, not a SIGPIPE that ends the
/// process (an external signer may exit without reading all its input).
enum BrokenPipeSignal {
    private static let ignoredOnce: Void = {
        _ = signal(SIGPIPE, SIG_IGN)
    }()

    /// Ignores SIGPIPE for the whole process (idempotent).
    static func ignore() {
        _ = ignoredOnce
    }
}
