#if canImport(Glibc)
import Glibc
#endif

/// Asks the kernel to back large fresh buffers with huge pages, so that filling a buffer of
/// hundreds of megabytes costs a few hundred page faults instead of tens of thousands.
/// Purely advisory: on systems without transparent huge pages nothing changes.
enum HugePageAdvice {
    /// Buffers smaller than this are left alone.
    static let threshold = 8 << 20
    static let hugePageSize = 2 << 20

    static func apply(to buffer: UnsafeMutableRawBufferPointer) {
        #if os(Linux)
        guard buffer.count >= threshold, let base = buffer.baseAddress else { return }
        let start = (UInt(bitPattern: base) + UInt(hugePageSize - 1)) & ~UInt(hugePageSize - 1)
        let end = (UInt(bitPattern: base) + UInt(buffer.count)) & ~UInt(hugePageSize - 1)
        guard end > start, let aligned = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(aligned, Int(end - start), MADV_HUGEPAGE)
        #endif
    }
}
