import ModelSigningPlatform

/// Asks the kernel to back large fresh buffers with huge pages, so that filling a buffer of
/// hundreds of megabytes costs a few hundred page faults instead of tens of thousands.
/// Purely advisory: on systems without transparent huge pages nothing changes.
enum HugePageAdvice {
    /// Buffers smaller than this are left alone.
    static let threshold = 8 << 20

    static func apply(to buffer: UnsafeMutableRawBufferPointer) {
        guard buffer.count >= threshold else { return }
        HugePages.advise(buffer)
    }
}
