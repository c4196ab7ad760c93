import ModelSigningPlatform

import CBLAKE

/// One concurrent ``BLAKE3TreeHashing`` call. Worker `w` hashes the contiguous subtrees
/// `count * w / workers ..< count * (w + 1) / workers`, grouping them into aligned power-of-two
/// runs, and records one chaining value per run (at most ~2 x 64 records, however large the
/// file). The runs are then appended to the engine in file order.
///
/// Every record and error slot is written by exactly one worker and read by the caller only
/// after ``ParallelWork/run(workers:_:)`` returned, which orders those accesses.
final class BLAKE3TreeJob: @unchecked Sendable {
    /// Enough for any run decomposition of a 64-bit range.
    static let maxRunsPerWorker = 130

    let descriptor: Int32
    let offset: Int64
    let subtreeBytes: Int
    let subtreeCount: Int64
    let workers: Int
    let simdLevel: Int32
    /// Hash from mapped windows instead of `pread` copies.
    let mapped: Bool
    /// Parts of the range to leave in the caller's memory.
    let windows: RangeWindows
    let progress: HashingProgress?
    let chunksPerSubtree: UInt64
    let buffers: [UnsafeMutableRawBufferPointer]
    /// Per worker, `maxRunsPerWorker` slots of 32-byte chaining values.
    let runCVs: UnsafeMutablePointer<UInt8>
    /// Per worker, the chunk count of each recorded run.
    let runChunks: UnsafeMutablePointer<UInt64>
    let runCounts: UnsafeMutablePointer<Int>
    let errors: UnsafeMutableBufferPointer<BLAKE3ReadError?>

    init(descriptor: Int32, offset: Int64, subtreeBytes: Int, subtreeCount: Int64, workers: Int,
         simdLevel: Int32, mapped: Bool, windows: RangeWindows, progress: HashingProgress?) {
        self.descriptor = descriptor
        self.offset = offset
        self.subtreeBytes = subtreeBytes
        self.subtreeCount = subtreeCount
        self.workers = workers
        self.simdLevel = simdLevel
        self.mapped = mapped
        self.windows = windows
        self.progress = progress
        chunksPerSubtree = UInt64(subtreeBytes / BLAKE3Engine.chunkBytes)
        buffers = (0..<workers).map { _ in
            UnsafeMutableRawBufferPointer.allocate(byteCount: subtreeBytes, alignment: 4096)
        }
        runCVs = .allocate(capacity: workers * Self.maxRunsPerWorker * 32)
        runChunks = .allocate(capacity: workers * Self.maxRunsPerWorker)
        runCounts = .allocate(capacity: workers)
        runCounts.initialize(repeating: 0, count: workers)
        errors = .allocate(capacity: workers)
        errors.initialize(repeating: nil)
    }

    func deallocate() {
        buffers.forEach { $0.deallocate() }
        runCVs.deallocate()
        runChunks.deallocate()
        runCounts.deallocate()
        errors.deallocate()
    }

    /// Appends every run, in file order, or throws the error of the first failing worker.
    func append(to engine: inout BLAKE3Engine) throws(BLAKE3ReadError) {
        for worker in 0..<workers {
            if let error = errors[worker] { throw error }
        }
        for worker in 0..<workers {
            for run in 0..<runCounts[worker] {
                let slot = worker * Self.maxRunsPerWorker + run
                let appended = engine.appendSubtree(
                    chainingValue: UnsafePointer(runCVs + 32 * slot), chunkCount: runChunks[slot])
                precondition(appended, "BLAKE3 subtree runs out of order")
            }
        }
    }

    /// Hashes worker `worker`'s share, recording its runs or its error.
    func work(_ worker: Int) {
        let first = subtreeCount * Int64(worker) / Int64(workers)
        let end = subtreeCount * Int64(worker + 1) / Int64(workers)
        var source = BLAKE3SubtreeSource(job: self, buffer: buffers[worker], shareEnd: offset + end * Int64(subtreeBytes))
        defer { source.unmap() }
        var runHasher = BLAKE3SubtreeRun()
        var position = first
        while position < end {
            // Largest power of two that is aligned at `position` and fits before `end`.
            var run: Int64 = 1
            while position % (run * 2) == 0 && position + run * 2 <= end { run *= 2 }
            for index in position..<(position + run) {
                do throws(BLAKE3ReadError) {
                    try runHasher.push { (output) throws(BLAKE3ReadError) in try source.subtreeCV(index, into: output) }
                } catch {
                    errors[worker] = error
                    return
                }
                progress?.add(Int64(subtreeBytes))
            }
            let slot = worker * Self.maxRunsPerWorker + runCounts[worker]
            runHasher.finish(into: runCVs + 32 * slot)
            runChunks[slot] = UInt64(run) * chunksPerSubtree
            runCounts[worker] += 1
            position += run
        }
    }
}

/// One worker's way to the bytes of its subtrees: `pread` into its buffer or into a kept
/// window, or a mapped window of the file that slides forward (falling back to `pread` if
/// mapping is impossible, for example on a file system without `mmap` support).
struct BLAKE3SubtreeSource {
    let job: BLAKE3TreeJob
    let buffer: UnsafeMutableRawBufferPointer
    /// Starts as the job's choice; turns false for good if this worker cannot map the file.
    var mapped: Bool
    /// File offset where this worker's share ends; windows never extend past it.
    let shareEnd: Int64
    private var window: UnsafeRawPointer?
    private var windowStart: Int64 = 0
    private var windowEnd: Int64 = 0

    init(job: BLAKE3TreeJob, buffer: UnsafeMutableRawBufferPointer, shareEnd: Int64) {
        self.job = job
        self.buffer = buffer
        mapped = job.mapped
        self.shareEnd = shareEnd
    }

    /// Writes the chaining value of subtree `index` (counted from the job's offset) to `output`.
    mutating func subtreeCV(_ index: Int64, into output: UnsafeMutablePointer<UInt8>) throws(BLAKE3ReadError) {
        let start = job.offset + index * Int64(job.subtreeBytes)
        let chunkCounter = UInt64(index) * job.chunksPerSubtree
        if mapped, let bytes = mappedBytes(at: start) {
            // Hashing mapped memory may fault if the file shrank: the C side catches SIGBUS.
            switch cblake3_subtree_cv_guarded(bytes, job.chunksPerSubtree, chunkCounter, job.simdLevel, output) {
            case 0: return
            case -1: throw BLAKE3ReadError(errno: 0, offset: start)  // SIGBUS: the file shrank
            default: unmap(); mapped = false  // no guard on this platform: read instead
            }
        }
        let piece = start..<(start + Int64(job.subtreeBytes))
        let kept = job.windows.container(of: piece)
        let target = kept?.memory ?? buffer
        try BLAKE3TreeHashing.readFully(job.descriptor, into: target, at: start)
        // Non-nil: the buffers are allocated with subtreeBytes > 0.
        BLAKE3Engine.subtreeChainingValue(of: target.baseAddress.unsafelyUnwrapped.assumingMemoryBound(to: UInt8.self),
                                          chunkCount: job.chunksPerSubtree, chunkCounter: chunkCounter,
                                          simdLevel: job.simdLevel, into: output)
        job.windows.distribute(UnsafeRawBufferPointer(target), of: piece, skipping: kept?.index)
    }

    /// The mapped bytes of the subtree at file offset `start`, mapping the next window if needed.
    private mutating func mappedBytes(at start: Int64) -> UnsafePointer<UInt8>? {
        let end = start + Int64(job.subtreeBytes)
        if window == nil || start < windowStart || end > windowEnd {
            unmap()
            let page = Int64(FileMapping.pageSize)
            let mapStart = start / page * page
            let mapEnd = min(max(end, start + Int64(BLAKE3TreeHashing.mappedWindowBytes)), shareEnd)
            guard let address = FileMapping.mapReadOnly(job.descriptor, offset: mapStart, length: Int(mapEnd - mapStart)) else {
                mapped = false
                return nil
            }
            window = address
            windowStart = mapStart
            windowEnd = mapEnd
        }
        guard let window else { return nil }
        return (window + Int(start - windowStart)).assumingMemoryBound(to: UInt8.self)
    }

    mutating func unmap() {
        if let window { FileMapping.unmap(window, length: Int(windowEnd - windowStart)) }
        window = nil
    }
}
