import CBLAKE

extension BLAKE3Engine {
    /// Writes to `output` (32 bytes) the chaining value of the complete subtree of `chunkCount`
    /// chunks (a power of two) at `bytes`, whose first chunk is chunk number `chunkCounter` of
    /// the input. Pure computation on memory the caller read; several threads may call it at
    /// once on different subtrees.
    static func subtreeChainingValue(of bytes: UnsafePointer<UInt8>, chunkCount: UInt64, chunkCounter: UInt64,
                                     simdLevel: Int32, into output: UnsafeMutablePointer<UInt8>) {
        cblake3_subtree_cv(bytes, chunkCount, chunkCounter, simdLevel, output)
    }

    /// Bytes in one BLAKE3 chunk.
    static var chunkBytes: Int { Int(CBLAKE3_CHUNK_LEN) }
}

/// Folds the chaining values of consecutive, equally sized subtrees into the chaining value of
/// the aligned power-of-two run they form (each fold is the parent of two perfect subtrees).
/// Holds at most 64 values, however long the run.
struct BLAKE3SubtreeRun {
    private var values = [UInt8](repeating: 0, count: 64 * 32)
    private var sizes = [Int64](repeating: 0, count: 64)
    private var depth = 0

    /// Has `write` store the next subtree's chaining value, then folds equal neighbours.
    mutating func push<Failure: Error>(
        _ write: (UnsafeMutablePointer<UInt8>) throws(Failure) -> Void
    ) throws(Failure) {
        let slot = depth
        try values.withUnsafeMutableBufferPointer { (cvs) throws(Failure) in
            guard let base = cvs.baseAddress else { return }
            try write(base + 32 * slot)
        }
        sizes[depth] = 1
        depth += 1
        values.withUnsafeMutableBufferPointer { cvs in
            guard let base = cvs.baseAddress else { return }
            while depth >= 2 && sizes[depth - 1] == sizes[depth - 2] {
                let left = base + 32 * (depth - 2)
                cblake3_parent_cv(left, left + 32, left)
                sizes[depth - 2] *= 2
                depth -= 1
            }
        }
    }

    /// Copies the run's chaining value (complete once a power of two of subtrees was pushed)
    /// to `output` and starts a new run.
    mutating func finish(into output: UnsafeMutablePointer<UInt8>) {
        values.withUnsafeBufferPointer { cvs in
            guard let base = cvs.baseAddress else { return }
            output.update(from: base, count: 32)
        }
        depth = 0
    }
}
