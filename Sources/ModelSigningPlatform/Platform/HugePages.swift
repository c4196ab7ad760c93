/// Transparent huge pages for large buffers, where the system has them.
package enum HugePages {
    /// The huge page size the advice aligns to (x86-64 and arm64 Linux with 4 KiB base pages).
    package static let size = 2 << 20

    /// Asks the kernel to back the whole huge pages inside `buffer` with huge pages. Purely
    /// advisory; a no-op on systems without transparent huge pages (Darwin).
    package static func advise(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress else { return }
        let start = (UInt(bitPattern: base) + UInt(size - 1)) & ~UInt(size - 1)
        let end = (UInt(bitPattern: base) + UInt(buffer.count)) & ~UInt(size - 1)
        guard end > start, let aligned = UnsafeMutableRawPointer(bitPattern: start) else { return }
        #if canImport(Darwin)
        _ = aligned
        #elseif canImport(Glibc)
        _ = madvise(aligned, Int(end - start), MADV_HUGEPAGE)
        #elseif canImport(Musl)
        _ = madvise(aligned, Int(end - start), MADV_HUGEPAGE)
        #endif
    }
}
