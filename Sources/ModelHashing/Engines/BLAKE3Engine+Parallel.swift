#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CBLAKE
import Dispatch

extension BLAKE3Engine {
    /// Hashes `length` bytes of the open file `descriptor` starting at `offset`, using up to
    /// `workers` threads, splitting the input into power-of-two-chunk subtrees hashed concurrently
    /// and merged into the one BLAKE3 root.
    ///
    /// The result equals hashing the same bytes sequentially. Each worker reads its subtrees with
    /// `pread` into one buffer of its own, so memory stays at about one subtree (1 MiB) per worker
    /// whatever the file size. (`pread` was chosen over `mmap` because a file that shrinks under an
    /// `mmap` reader raises SIGBUS instead of an error that can be reported.)
    ///
    /// - Throws: ``BLAKE3ReadError`` if a read fails, or if the file ends before `offset + length`.
    public static func hashFile(
        descriptor: Int32, offset: Int64, length: Int64, workers: Int
    ) throws(BLAKE3ReadError) -> [UInt8] {
        try hashFile(
            descriptor: descriptor, offset: offset, length: length, workers: workers,
            subtreeBytes: defaultParallelSubtreeBytes)
    }

    /// Bytes per concurrently hashed subtree (1024 chunks).
    static let defaultParallelSubtreeBytes = 1 << 20
    /// Subtrees each worker takes per round; bounds the chaining values kept between rounds.
    static let subtreesPerWorkerPerRound = 8

    /// `hashFile` with a chosen subtree size (a power of two, at least one chunk), for tests.
    static func hashFile(
        descriptor: Int32, offset: Int64, length: Int64, workers: Int, subtreeBytes: Int
    ) throws(BLAKE3ReadError) -> [UInt8] {
        precondition(
            subtreeBytes >= Int(CBLAKE3_CHUNK_LEN) && subtreeBytes & (subtreeBytes - 1) == 0,
            "subtreeBytes must be a power of two of at least one chunk")
        guard offset >= 0, length >= 0, offset <= Int64.max - length else {
            throw BLAKE3ReadError(errno: EINVAL, offset: offset)
        }
        let workers = max(1, workers)
        let subtree = Int64(subtreeBytes)
        // Subtrees that are complete and not the last piece (the root must come from the tail).
        let fullSubtrees = workers > 1 && length > 0 ? (length - 1) / subtree : 0

        let concurrent = fullSubtrees >= 2
        // Without concurrency one buffer suffices, and a small range needs only a small one.
        let scratch = WorkerScratch(
            workers: concurrent ? workers : 1,
            bufferBytes: concurrent ? subtreeBytes : Int(max(1, min(subtree, length))),
            slots: workers * subtreesPerWorkerPerRound)
        defer { scratch.deallocate() }
        let buffers = scratch.buffers

        var engine = BLAKE3Engine()
        if concurrent {
            try hashSubtreesConcurrently(
                descriptor: descriptor, offset: offset, count: fullSubtrees, subtreeBytes: subtreeBytes,
                scratch: scratch, into: &engine)
        }
        // The tail (or everything, without concurrency) goes through the streaming engine.
        var position = concurrent ? fullSubtrees * subtree : 0
        while position < length {
            let count = Int(min(subtree, length - position))
            try readFully(descriptor, into: buffers[0], count: count, at: offset + position)
            engine.update(UnsafeRawBufferPointer(start: buffers[0], count: count))
            position += Int64(count)
        }
        return engine.finalize()
    }

    /// Hashes subtrees `0..<count` (each `subtreeBytes` long) in rounds: in each round every worker
    /// hashes a contiguous run of subtrees into its slots, then the chaining values are appended
    /// to `engine` in order.
    private static func hashSubtreesConcurrently(
        descriptor: Int32, offset: Int64, count: Int64, subtreeBytes: Int,
        scratch shared: WorkerScratch, into engine: inout BLAKE3Engine
    ) throws(BLAKE3ReadError) {
        let workers = shared.buffers.count
        let perRound = workers * subtreesPerWorkerPerRound
        let chunksPerSubtree = UInt64(subtreeBytes) / UInt64(CBLAKE3_CHUNK_LEN)
        let level = engine.simdLevel

        var first: Int64 = 0
        while first < count {
            let inRound = Int(min(Int64(perRound), count - first))
            let active = min(workers, inRound)
            let roundFirst = first
            DispatchQueue.concurrentPerform(iterations: active) { worker in
                let buffer = shared.buffers[worker]
                for slot in (inRound * worker / active)..<(inRound * (worker + 1) / active) {
                    let index = roundFirst + Int64(slot)
                    do throws(BLAKE3ReadError) {
                        try readFully(
                            descriptor, into: buffer, count: subtreeBytes,
                            at: offset + index * Int64(subtreeBytes))
                    } catch {
                        shared.errors[worker] = error
                        return
                    }
                    cblake3_subtree_cv(
                        buffer.assumingMemoryBound(to: UInt8.self), chunksPerSubtree,
                        UInt64(index) * chunksPerSubtree, level, shared.cvs + 32 * slot)
                }
            }
            // Workers cover increasing offsets, so the first error found is the earliest.
            for worker in 0..<active {
                if let error = shared.errors[worker] { throw error }
            }
            for slot in 0..<inRound {
                let appended = engine.appendSubtree(
                    chainingValue: UnsafePointer(shared.cvs + 32 * slot), chunkCount: chunksPerSubtree)
                precondition(appended, "subtree out of order")
            }
            first += Int64(inRound)
        }
    }

    /// Reads exactly `count` bytes at `offset`, retrying short reads and EINTR.
    static func readFully(
        _ descriptor: Int32, into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int64
    ) throws(BLAKE3ReadError) {
        var done = 0
        while done < count {
            let result = pread(descriptor, buffer + done, count - done, off_t(offset + Int64(done)))
            if result > 0 {
                done += result
            } else if result == 0 {
                throw BLAKE3ReadError(errno: 0, offset: offset + Int64(done))
            } else {
                let code = errno
                if code != EINTR { throw BLAKE3ReadError(errno: code, offset: offset + Int64(done)) }
            }
        }
    }
}

/// Memory shared with the workers: a read buffer and an error slot per worker, and a
/// chaining-value slot per subtree of a round. Each slot is written by exactly one worker and read
/// only after `concurrentPerform` has returned, which orders those accesses.
private final class WorkerScratch: @unchecked Sendable {
    let buffers: [UnsafeMutableRawPointer]
    let cvs: UnsafeMutablePointer<UInt8>
    let errors: UnsafeMutableBufferPointer<BLAKE3ReadError?>

    init(workers: Int, bufferBytes: Int, slots: Int) {
        buffers = (0..<workers).map { _ in
            UnsafeMutableRawPointer.allocate(byteCount: bufferBytes, alignment: 4096)
        }
        cvs = .allocate(capacity: 32 * slots)
        errors = .allocate(capacity: workers)
        errors.initialize(repeating: nil)
    }

    func deallocate() {
        buffers.forEach { $0.deallocate() }
        cvs.deallocate()
        errors.deallocate()
    }
}
