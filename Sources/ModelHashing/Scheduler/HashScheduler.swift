/// Hashes files and shards on a bounded set of workers (``ParallelWork``).
///
/// Work items are handed out largest first through one atomic counter; each worker owns one
/// read buffer and one engine at a time, so the per-file cost is a handful of system calls and
/// no allocation beyond the digest. Digests land in a slot per item, so workers never contend
/// on results.
enum HashScheduler {
    /// Read size per system call: large enough to amortize the call, small enough to stay in
    /// the L2 cache between the copy and the hash.
    static let readBufferSize = 1 << 20

    static func run(items: [HashWorkItem], files: [ModelFile],
                    configuration: HashingConfiguration) throws(ModelHashingError) -> [[UInt8]] {
        let algorithm = configuration.serialization.hashAlgorithm
        let readStrategy = configuration.readStrategy
        let progress = configuration.progress
        let workerCount = max(1, configuration.workers)
        let results = ResultSlots(count: items.count)
        defer { results.deallocate() }

        var treeItems: [Int] = []
        var parallelItems: [Int] = []
        for index in items.indices {
            if BLAKE3TreeHashing.applies(to: items[index].length, algorithm: algorithm, configuration: configuration) {
                treeItems.append(index)
            } else {
                parallelItems.append(index)
            }
        }
        parallelItems.sort { items[$0].length > items[$1].length }

        let order = parallelItems
        try ParallelWork.forEach(count: order.count, workers: workerCount) { (claim) throws(ModelHashingError) in
            var reader = FileRangeReader(bufferSize: readBufferSize)
            defer { reader.close() }
            while let position = claim() {
                let index = order[position]
                let item = items[index]
                results.store(try reader.hash(item, of: files[item.fileIndex], algorithm: algorithm, progress: progress),
                              at: index)
            }
        }

        for index in treeItems {
            let item = items[index]
            let outcome = try BLAKE3TreeHashing.hash(item.offset..<(item.offset + item.length), of: files[item.fileIndex],
                                                     workers: workerCount, readStrategy: readStrategy,
                                                     windows: RangeWindows([]), progress: progress)
            results.store(outcome.digest, at: index)
        }
        return results.collect()
    }
}

/// One digest slot per work item, written by exactly one worker each.
private final class ResultSlots: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<[UInt8]>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: [])
    }

    func store(_ digest: [UInt8], at index: Int) {
        slots[index] = digest
    }

    func collect() -> [[UInt8]] { Array(slots) }

    func deallocate() {
        slots.deinitialize()
        slots.deallocate()
    }
}
