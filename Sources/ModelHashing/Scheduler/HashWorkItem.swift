/// One unit of hashing work: a whole file or one shard of it.
struct HashWorkItem: Sendable {
    /// Index into the tree's files.
    let fileIndex: Int
    let offset: Int64
    let length: Int64
    /// Whether the digest covers the whole file (files serialization) or a shard.
    let isShard: Bool
}
