import ModelHashing

/// Verified units (shards, or whole files) kept in memory, least recently used dropped first,
/// at most `capacity` bytes in all. Entries are immutable copies of bytes that were hashed
/// and matched; nothing else is ever stored.
struct VerifiedUnitCache: ~Copyable {
    struct Key: Hashable {
        let path: ModelPath
        let start: Int64
    }

    struct Entry {
        /// The unit's byte range in the file.
        let range: Range<Int64>
        let bytes: [UInt8]
        var lastUse: UInt64
    }

    let capacity: Int
    private var entries: [Key: Entry] = [:]
    private var size = 0
    private var clock: UInt64 = 0

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Whether a unit of `count` bytes may be kept.
    func admits(_ count: Int64) -> Bool { count > 0 && count <= Int64(capacity) }

    mutating func lookup(_ key: Key) -> Entry? {
        guard var entry = entries[key] else { return nil }
        clock += 1
        entry.lastUse = clock
        entries[key] = entry
        return entry
    }

    mutating func insert(_ key: Key, range: Range<Int64>, bytes: [UInt8]) {
        guard admits(Int64(bytes.count)) else { return }
        if let old = entries.removeValue(forKey: key) { size -= old.bytes.count }
        while size + bytes.count > capacity, let victim = entries.min(by: { $0.value.lastUse < $1.value.lastUse }) {
            size -= victim.value.bytes.count
            entries.removeValue(forKey: victim.key)
        }
        clock += 1
        entries[key] = Entry(range: range, bytes: bytes, lastUse: clock)
        size += bytes.count
    }

    mutating func removeAll() {
        entries.removeAll()
        size = 0
    }
}
