/// Read-only shared mappings of open files.
package enum FileMapping {
    /// The system's page size (at least 4096).
    package static var pageSize: Int {
        max(4096, Int(sysconf(Int32(_SC_PAGESIZE))))
    }

    /// Maps `length` bytes of `descriptor` from `offset` (a multiple of ``pageSize``) read-only
    /// and shared; `nil` when the file cannot be mapped (for example on a file system without
    /// `mmap` support). Reading past the file's end through the mapping raises SIGBUS.
    package static func mapReadOnly(_ descriptor: Int32, offset: Int64, length: Int) -> UnsafeRawPointer? {
        #if canImport(Darwin)
        let address = mmap(nil, length, PROT_READ, MAP_SHARED, descriptor, off_t(offset))
        #elseif canImport(Glibc)
        let address = mmap(nil, length, PROT_READ, MAP_SHARED, descriptor, off_t(offset))
        #elseif canImport(Musl)
        let address = mmap(nil, length, PROT_READ, MAP_SHARED, descriptor, off_t(offset))
        #endif
        guard let address, address != MAP_FAILED else { return nil }
        return UnsafeRawPointer(address)
    }

    /// Removes a mapping made by ``mapReadOnly(_:offset:length:)``.
    package static func unmap(_ address: UnsafeRawPointer, length: Int) {
        _ = munmap(UnsafeMutableRawPointer(mutating: address), length)
    }
}
