import Dispatch
import Synchronization
import ModelSigningPlatform

/// Hashes files and shards on a fixed set of worker threads.
///
/// Work items are handed out largest first through one atomic counter; each worker owns one
/// read buffer and one engine at a time, so the per-file cost is a handful of system calls and
/// no allocation beyond the digest. Digests land in a slot per item, so workers never contend
/// on results.
enum HashScheduler {
    /// Read size per system call: large enough to amortize the call, small enough to stay in
    /// the L2 cache between the copy and the hash.
    static let readBufferSize = 1 << 20

    /// BLAKE3 items at least this large are hashed one at a time with every worker through
    /// BLAKE3's tree mode instead of one worker each.
    static let blake3TreeThreshold: Int64 = 64 << 20

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
            if algorithm == .blake3, workerCount > 1, items[index].length >= blake3TreeThreshold {
                treeItems.append(index)
            } else {
                parallelItems.append(index)
            }
        }
        parallelItems.sort { items[$0].length > items[$1].length }

        let failure = Mutex<ModelHashingError?>(nil)
        let failed = Atomic<Bool>(false)
        let next = Atomic<Int>(0)
        let order = parallelItems
        DispatchQueue.concurrentPerform(iterations: min(workerCount, max(1, order.count))) { _ in
            var reader = FileRangeReader(bufferSize: readBufferSize)
            defer { reader.close() }
            while !failed.load(ordering: .relaxed) {
                let position = next.add(1, ordering: .relaxed).oldValue
                guard position < order.count else { return }
                let index = order[position]
                let item = items[index]
                do throws(ModelHashingError) {
                    let digest = try reader.hash(item, of: files[item.fileIndex], algorithm: algorithm, progress: progress)
                    results.store(digest, at: index)
                } catch {
                    failure.withLock { if $0 == nil { $0 = error } }
                    failed.store(true, ordering: .relaxed)
                    return
                }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }

        for index in treeItems {
            let item = items[index]
            let digest = try FileRangeReader.hashWithTree(item, of: files[item.fileIndex], workers: workerCount,
                                                          readStrategy: readStrategy, progress: progress)
            results.store(digest, at: index)
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
