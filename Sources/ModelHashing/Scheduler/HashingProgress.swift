import Synchronization

/// Counts bytes hashed so far, for progress displays. Safe to read from any thread while
/// hashing runs.
public final class HashingProgress: Sendable {
    private let hashed = Atomic<Int64>(0)
    private let total = Atomic<Int64>(0)

    /// A progress counter at zero.
    public init() {}

    /// Bytes hashed so far.
    public var bytesHashed: Int64 { hashed.load(ordering: .relaxed) }
    /// Bytes to hash in all (known once the tree walk is done).
    public var totalBytes: Int64 { total.load(ordering: .relaxed) }

    func add(_ count: Int64) {
        hashed.add(count, ordering: .relaxed)
    }

    func setTotal(_ count: Int64) {
        total.store(count, ordering: .relaxed)
    }
}
