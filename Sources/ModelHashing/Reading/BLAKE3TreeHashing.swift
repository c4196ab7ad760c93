import ModelSigningPlatform

/// Hashes a byte range of an open file with BLAKE3's tree mode on several workers: the range
/// is cut into power-of-two subtrees, read by the workers (``ParallelWork``) and hashed by the
/// engine, and their chaining values merged into the one BLAKE3 root.
///
/// The result equals hashing the same bytes sequentially. Each worker takes one contiguous
/// share of the range and hashes it one subtree (1 MiB) at a time, read with `pread` into a
/// buffer of its own (or straight into a kept window, for verified reads) or in place from
/// 8 MiB mapped windows (``ReadStrategy/mmap``), so memory stays at a few MiB per worker
/// whatever the file size. A file that shrinks under a mapping raises SIGBUS; it is caught and
/// reported like a short read. (A mapped page cut in the middle reads as zeros instead, but the
/// last bytes of the range are always read with `pread` after every worker is done, so such a
/// shrink is reported as well.)
package enum BLAKE3TreeHashing {
    /// Bytes per subtree read and hashed as one unit (1024 chunks).
    static let defaultSubtreeBytes = 1 << 20

    /// Bytes mapped at a time per worker with ``ReadStrategy/mmap`` (a multiple of the subtree).
    static let mappedWindowBytes = 8 << 20

    /// Whether an item of `length` bytes is hashed in tree mode with every worker rather than
    /// by one worker: BLAKE3, several workers, and at least the configuration's threshold.
    package static func applies(to length: Int64, algorithm: HashAlgorithm, configuration: HashingConfiguration) -> Bool {
        algorithm == .blake3 && configuration.workers > 1 && length >= configuration.blake3TreeThreshold
    }

    /// The digest of a range, and how many workers hashed its subtrees at once (1: the range
    /// was hashed sequentially).
    struct Outcome {
        let digest: [UInt8]
        let workers: Int
    }

    /// Hashes `range` of `file` in tree mode on up to `workers` workers, leaving the bytes of
    /// `windows` in their memory. Changes are caught as in ``FileRangeReader``: size,
    /// modification time and type must match before and after, the range must be read in full,
    /// and the path must still lead to the same file.
    static func hash(_ range: Range<Int64>, of file: ModelFile, workers: Int, readStrategy: ReadStrategy,
                     windows: RangeWindows, progress: HashingProgress?) throws(ModelHashingError) -> Outcome {
        let fd = open(file.sourcePath, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(path: file.path.string, operation: "open", errno: errno) }
        defer { _ = close(fd) }
        try file.checkUnchanged(descriptor: fd)
        let outcome: Outcome
        do {
            outcome = try hash(descriptor: fd, offset: range.lowerBound, length: Int64(range.count), workers: workers,
                               subtreeBytes: defaultSubtreeBytes, readStrategy: readStrategy, windows: windows,
                               progress: progress)
        } catch where error.isUnexpectedEndOfFile {
            throw .fileChanged(path: file.path.string)
        } catch {
            throw .io(path: file.path.string, operation: "read", errno: error.errno)
        }
        try file.checkUnchanged(descriptor: fd)
        try file.checkPathUnchanged(descriptor: fd)
        return outcome
    }

    /// Hashes `length` bytes of the open file `descriptor` starting at `offset` on up to
    /// `workers` workers.
    ///
    /// - Throws: ``BLAKE3ReadError`` if a read fails, or if the file ends before `offset + length`.
    package static func hashFile(
        descriptor: Int32, offset: Int64, length: Int64, workers: Int,
        subtreeBytes: Int = defaultSubtreeBytes, readStrategy: ReadStrategy = .automatic
    ) throws(BLAKE3ReadError) -> [UInt8] {
        try hash(descriptor: descriptor, offset: offset, length: length, workers: workers,
                 subtreeBytes: subtreeBytes, readStrategy: readStrategy, windows: RangeWindows([]), progress: nil).digest
    }

    /// `hashFile` with kept windows (read into directly, never mapped) and a progress counter
    /// that advances with every subtree hashed. `subtreeBytes` is a power of two of at least
    /// one chunk.
    static func hash(
        descriptor: Int32, offset: Int64, length: Int64, workers: Int, subtreeBytes: Int,
        readStrategy: ReadStrategy, windows: RangeWindows, progress: HashingProgress?
    ) throws(BLAKE3ReadError) -> Outcome {
        precondition(
            subtreeBytes >= BLAKE3Engine.chunkBytes && subtreeBytes & (subtreeBytes - 1) == 0,
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
            let job = BLAKE3TreeJob(
                descriptor: descriptor, offset: offset, subtreeBytes: subtreeBytes,
                subtreeCount: fullSubtrees, workers: threads, simdLevel: engine.simdLevel,
                mapped: windows.isEmpty && readStrategy.resolved == .mmap, windows: windows, progress: progress)
            defer { job.deallocate() }
            ParallelWork.run(workers: threads) { job.work($0) }
            try job.append(to: &engine)
            position = fullSubtrees * subtree
        }

        // The tail (or everything, without concurrency) goes through the streaming engine.
        let bufferBytes = Int(max(1, min(subtree, length - position)))
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferBytes, alignment: 4096)
        defer { buffer.deallocate() }
        while position < length {
            let count = Int(min(Int64(bufferBytes), length - position))
            let piece = (offset + position)..<(offset + position + Int64(count))
            let kept = windows.container(of: piece)
            let target = kept?.memory ?? UnsafeMutableRawBufferPointer(rebasing: buffer[..<count])
            try readFully(descriptor, into: target, at: piece.lowerBound)
            engine.update(UnsafeRawBufferPointer(target))
            windows.distribute(UnsafeRawBufferPointer(target), of: piece, skipping: kept?.index)
            position += Int64(count)
            progress?.add(Int64(count))
        }
        return Outcome(digest: engine.finalize(), workers: concurrent ? threads : 1)
    }

    /// Reads exactly `target.count` bytes at `offset`, retrying short reads and EINTR.
    static func readFully(
        _ descriptor: Int32, into target: UnsafeMutableRawBufferPointer, at offset: Int64
    ) throws(BLAKE3ReadError) {
        switch FileDescriptorIO.preadFully(descriptor, into: target, at: offset) {
        case .success(let done) where done < target.count:
            throw BLAKE3ReadError(errno: 0, offset: offset + Int64(done))
        case .success:
            return
        case .failure(let failure):
            // The offset of the failing read is not kept; the range's start names it well enough.
            throw BLAKE3ReadError(errno: failure.code, offset: offset)
        }
    }
}
