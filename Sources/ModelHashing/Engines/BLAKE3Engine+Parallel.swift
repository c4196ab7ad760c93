import CBLAKE
import Dispatch
import Foundation
import ModelSigningPlatform

extension BLAKE3Engine {
    /// Hashes `length` bytes of the open file `descriptor` starting at `offset`, using up to
    /// `workers` threads, splitting the input into power-of-two-chunk subtrees hashed concurrently
    /// and merged into the one BLAKE3 root.
    ///
    /// The result equals hashing the same bytes sequentially. Each worker takes one contiguous
    /// share of the range and hashes it one subtree (1 MiB) at a time, either read with `pread`
    /// into a buffer of its own or in place from 8 MiB mapped windows (`readStrategy`), so memory
    /// stays at a few MiB per worker whatever the file size. A file that shrinks under a mapping
    /// raises SIGBUS; it is caught and reported like a short read. (A mapped page cut in the
    /// middle reads as zeros instead, but the last bytes of the range are always read with
    /// `pread` after every worker is done, so such a shrink is reported as well.)
    ///
    /// The calling thread is one of the workers; the others are dedicated threads that live for
    /// the duration of the call, so the speed-up does not depend on a shared thread pool having
    /// idle threads.
    ///
    /// - Throws: ``BLAKE3ReadError`` if a read fails, or if the file ends before `offset + length`.
    package static func hashFile(
        descriptor: Int32, offset: Int64, length: Int64, workers: Int,
        readStrategy: ReadStrategy = .automatic
    ) throws(BLAKE3ReadError) -> [UInt8] {
        try hashFile(
            descriptor: descriptor, offset: offset, length: length, workers: workers,
            subtreeBytes: defaultParallelSubtreeBytes, readStrategy: readStrategy)
    }

    /// Bytes per subtree read and hashed as one unit (1024 chunks).
    static let defaultParallelSubtreeBytes = 1 << 20

    /// Bytes mapped at a time per worker with ``ReadStrategy/mmap`` (a multiple of the subtree).
    static let mappedWindowBytes = 8 << 20

    /// `hashFile` with a chosen subtree size (a power of two, at least one chunk) and a progress
    /// counter that advances with every subtree hashed.
    static func hashFile(
        descriptor: Int32, offset: Int64, length: Int64, workers: Int, subtreeBytes: Int,
        readStrategy: ReadStrategy = .automatic, progress: HashingProgress? = nil
    ) throws(BLAKE3ReadError) -> [UInt8] {
        precondition(
            subtreeBytes >= Int(CBLAKE3_CHUNK_LEN) && subtreeBytes & (subtreeBytes - 1) == 0,
            "subtreeBytes must be a power of two of at least one chunk")
        guard offset >= 0, length >= 0, offset <= Int64.max - length else {
            throw BLAKE3ReadError(errno: EINVAL, offset: offset)
        }
        let subtree = Int64(subtreeBytes)
        // Subtrees that are complete and not the last piece (the root must come from the tail).
        let fullSubtrees = workers > 1 && length > 0 ? (length - 1) / subtree : 0
        let threads = Int(min(Int64(max(1, workers)), fullSubtrees))
        let concurrent = threads >= 2

        var engine = BLAKE3Engine()
        var position: Int64 = 0
        if concurrent {
            let job = ParallelJob(
                descriptor: descriptor, offset: offset, subtreeBytes: subtreeBytes,
                subtreeCount: fullSubtrees, workers: threads, simdLevel: engine.simdLevel,
                mapped: readStrategy.resolved == .mmap, progress: progress)
            defer { job.deallocate() }
            job.run()
            try job.append(to: &engine)
            position = fullSubtrees * subtree
        }

        // The tail (or everything, without concurrency) goes through the streaming engine.
        let bufferBytes = Int(max(1, min(subtree, length - position)))
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: bufferBytes, alignment: 4096)
        defer { buffer.deallocate() }
        while position < length {
            let count = Int(min(Int64(bufferBytes), length - position))
            try readFully(descriptor, into: buffer, count: count, at: offset + position)
            engine.update(UnsafeRawBufferPointer(start: buffer, count: count))
            position += Int64(count)
            progress?.add(Int64(count))
        }
        return engine.finalize()
    }

    /// Reads exactly `count` bytes at `offset`, retrying short reads and EINTR.
    static func readFully(
        _ descriptor: Int32, into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int64
    ) throws(BLAKE3ReadError) {
        switch FileDescriptorIO.preadFully(descriptor, into: UnsafeMutableRawBufferPointer(start: buffer, count: count),
                                           at: offset) {
        case .success(let done) where done < count:
            throw BLAKE3ReadError(errno: 0, offset: offset + Int64(done))
        case .success:
            return
        case .failure(let failure):
            // The offset of the failing read is not kept; the range's start names it well enough.
            throw BLAKE3ReadError(errno: failure.code, offset: offset)
        }
    }
}

/// One concurrent `hashFile` call. Worker `w` hashes the contiguous subtrees
/// `count * w / workers ..< count * (w + 1) / workers`, grouping them into aligned power-of-two
/// runs, and records one chaining value per run (at most ~2 x 64 records, however large the
/// file). The runs are then appended to the engine in file order.
///
/// Every record and error slot is written by exactly one worker and read by the caller only after
/// all workers have signalled `finished`, which orders those accesses.
private final class ParallelJob: @unchecked Sendable {
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
    let progress: HashingProgress?
    let chunksPerSubtree: UInt64
    let buffers: [UnsafeMutableRawPointer]
    /// Per worker, `maxRunsPerWorker` slots of 32-byte chaining values.
    let runCVs: UnsafeMutablePointer<UInt8>
    /// Per worker, the chunk count of each recorded run.
    let runChunks: UnsafeMutablePointer<UInt64>
    let runCounts: UnsafeMutablePointer<Int>
    let errors: UnsafeMutableBufferPointer<BLAKE3ReadError?>
    let finished = DispatchGroup()

    init(descriptor: Int32, offset: Int64, subtreeBytes: Int, subtreeCount: Int64, workers: Int,
         simdLevel: Int32, mapped: Bool, progress: HashingProgress?) {
        self.descriptor = descriptor
        self.offset = offset
        self.subtreeBytes = subtreeBytes
        self.subtreeCount = subtreeCount
        self.workers = workers
        self.simdLevel = simdLevel
        self.mapped = mapped
        self.progress = progress
        chunksPerSubtree = UInt64(subtreeBytes) / UInt64(CBLAKE3_CHUNK_LEN)
        buffers = (0..<workers).map { _ in
            UnsafeMutableRawPointer.allocate(byteCount: subtreeBytes, alignment: 4096)
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

    /// Runs worker 0 on the calling thread and the others on new threads; returns when all are done.
    func run() {
        for worker in 1..<workers {
            finished.enter()
            let thread = Thread { [self] in
                work(worker)
                finished.leave()
            }
            thread.name = "BLAKE3 hashFile worker \(worker)"
            thread.start()
        }
        work(0)
        finished.wait()
    }

    /// Appends every run, in file order, or throws the error with the lowest offset.
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

    private func work(_ worker: Int) {
        let first = subtreeCount * Int64(worker) / Int64(workers)
        let end = subtreeCount * Int64(worker + 1) / Int64(workers)
        var source = SubtreeSource(job: self, buffer: buffers[worker], shareEnd: offset + end * Int64(subtreeBytes))
        defer { source.unmap() }
        // Local stack merging the subtrees of the current run: entry i covers `sizes[i]` subtrees.
        var stack = [UInt8](repeating: 0, count: 64 * 32)
        var sizes = [Int64](repeating: 0, count: 64)
        var position = first
        while position < end {
            // Largest power of two that is aligned at `position` and fits before `end`.
            var run: Int64 = 1
            while position % (run * 2) == 0 && position + run * 2 <= end { run *= 2 }
            var depth = 0
            for index in position..<(position + run) {
                let failure: BLAKE3ReadError? = stack.withUnsafeMutableBufferPointer { cvs in
                    guard let base = cvs.baseAddress else { return nil }
                    do throws(BLAKE3ReadError) {
                        try source.subtreeCV(index, into: base + 32 * depth)
                    } catch {
                        return error
                    }
                    sizes[depth] = 1
                    depth += 1
                    // Merge equal neighbours: each merge is the parent of two perfect subtrees.
                    while depth >= 2 && sizes[depth - 1] == sizes[depth - 2] {
                        let left = base + 32 * (depth - 2)
                        cblake3_parent_cv(left, left + 32, left)
                        sizes[depth - 2] *= 2
                        depth -= 1
                    }
                    return nil
                }
                if let failure {
                    errors[worker] = failure
                    return
                }
                progress?.add(Int64(subtreeBytes))
            }
            let slot = worker * Self.maxRunsPerWorker + runCounts[worker]
            stack.withUnsafeBufferPointer { cvs in
                guard let base = cvs.baseAddress else { return }
                (runCVs + 32 * slot).update(from: base, count: 32)
            }
            runChunks[slot] = UInt64(run) * chunksPerSubtree
            runCounts[worker] += 1
            position += run
        }
    }
}

/// One worker's way to the bytes of its subtrees: `pread` into its buffer, or a mapped window
/// of the file that slides forward (falling back to `pread` if mapping is impossible, for
/// example on a file system without `mmap` support).
private struct SubtreeSource {
    let job: ParallelJob
    let buffer: UnsafeMutableRawPointer
    /// Starts as the job's choice; turns false for good if this worker cannot map the file.
    var mapped: Bool
    /// File offset where this worker's share ends; windows never extend past it.
    let shareEnd: Int64
    private var window: UnsafeMutableRawPointer?
    private var windowStart: Int64 = 0
    private var windowEnd: Int64 = 0

    init(job: ParallelJob, buffer: UnsafeMutableRawPointer, shareEnd: Int64) {
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
            switch cblake3_subtree_cv_guarded(bytes, job.chunksPerSubtree, chunkCounter, job.simdLevel, output) {
            case 0: return
            case -1: throw BLAKE3ReadError(errno: 0, offset: start)  // SIGBUS: the file shrank
            default: unmap(); mapped = false  // no guard on this platform: read instead
            }
        }
        try BLAKE3Engine.readFully(job.descriptor, into: buffer, count: job.subtreeBytes, at: start)
        cblake3_subtree_cv(buffer.assumingMemoryBound(to: UInt8.self), job.chunksPerSubtree,
                           chunkCounter, job.simdLevel, output)
    }

    /// The mapped bytes of the subtree at file offset `start`, mapping the next window if needed.
    private mutating func mappedBytes(at start: Int64) -> UnsafePointer<UInt8>? {
        let end = start + Int64(job.subtreeBytes)
        if window == nil || start < windowStart || end > windowEnd {
            unmap()
            let page = Int64(max(4096, sysconf(Int32(_SC_PAGESIZE))))
            let mapStart = start / page * page
            let mapEnd = min(max(end, start + Int64(BLAKE3Engine.mappedWindowBytes)), shareEnd)
            let address = mmap(nil, Int(mapEnd - mapStart), PROT_READ, MAP_SHARED, job.descriptor, off_t(mapStart))
            guard let address, address != MAP_FAILED else {
                mapped = false
                return nil
            }
            window = address
            windowStart = mapStart
            windowEnd = mapEnd
        }
        guard let window else { return nil }
        return UnsafePointer((window + Int(start - windowStart)).assumingMemoryBound(to: UInt8.self))
    }

    mutating func unmap() {
        if let window { _ = munmap(window, Int(windowEnd - windowStart)) }
        window = nil
    }
}
