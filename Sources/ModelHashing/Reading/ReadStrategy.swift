import CBLAKE

/// How large files are read when BLAKE3 hashes one file on several cores (tree mode). Never
/// changes digests, only speed and how page-cache pages are counted in resident memory.
public enum ReadStrategy: String, Sendable, CaseIterable {
    /// ``mmap`` when the AVX-512 kernel is in use, ``pread`` otherwise (see ``resolved``).
    case automatic = "auto"
    /// `pread` into a 1 MiB buffer per worker: one copy, resident memory independent of the file.
    case pread
    /// Map 8 MiB windows of the file and hash them in place: no copy, page-table work instead.
    /// A file that shrinks under the mapping is reported as changed (the SIGBUS is caught).
    case mmap

    /// The concrete strategy: ``automatic`` becomes ``pread`` or ``mmap``.
    ///
    /// On the AVX2 machine we measured (`bench/compare`, 8 GiB in 4 files, two cores) `pread`
    /// reached 4.36 GB/s and `mmap` 3.78 GB/s: page faults and unmapping scale worse across
    /// threads than copies do, so `pread` is the default there. With AVX-512 the hashing itself
    /// is about twice as fast and the copy becomes the larger cost: on such a machine `b3sum`
    /// with `mmap` reaches 7.5 GB/s while `read` alone tops out at 6.7 GB/s
    /// (docs/performance.md), so ``mmap`` is chosen there. `bench/compare` times both side by
    /// side (`ours-blake3-four-pread`, `ours-blake3-four-mmap`) wherever it runs.
    public var resolved: ReadStrategy {
        switch self {
        case .automatic:
            return cblake3_detected_simd_level() == Int32(CBLAKE3_SIMD_AVX512) ? .mmap : .pread
        case .pread, .mmap:
            return self
        }
    }
}
