/// Whole-buffer reads and writes on file descriptors, retried on `EINTR` and short transfers.
package enum FileDescriptorIO {
    /// Writes all of `bytes` to `descriptor`. Returns 0, or the `errno` of the failing write.
    package static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32 {
        guard let base = bytes.baseAddress else { return 0 }
        var offset = 0
        while offset < bytes.count {
            let written = systemWrite(descriptor, base + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            // A zero-byte write of a non-empty buffer would loop forever; report it as EIO.
            if written == 0 { return EIO }
            offset += written
        }
        return 0
    }

    /// Writes all of `bytes` to `descriptor` (see ``writeAll(_:_:)-(_,UnsafeRawBufferPointer)``).
    package static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Int32 {
        bytes.withUnsafeBytes { writeAll(descriptor, $0) }
    }

    /// `pread` until `buffer` is full or the file ends. Returns the bytes read, or the `errno`
    /// of the failing read.
    package static func preadFully(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer,
                                   at offset: Int64) -> Result<Int, ErrnoCode> {
        guard let base = buffer.baseAddress else { return .success(0) }
        var done = 0
        while done < buffer.count {
            let count = systemPread(descriptor, base + done, buffer.count - done, offset + Int64(done))
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(ErrnoCode(errno))
            }
            if count == 0 { break }
            done += count
        }
        return .success(done)
    }

    private static func systemWrite(_ descriptor: Int32, _ base: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Darwin)
        return Darwin.write(descriptor, base, count)
        #elseif canImport(Glibc)
        return Glibc.write(descriptor, base, count)
        #elseif canImport(Musl)
        return Musl.write(descriptor, base, count)
        #endif
    }

    private static func systemPread(_ descriptor: Int32, _ base: UnsafeMutableRawPointer, _ count: Int,
                                    _ offset: Int64) -> Int {
        #if canImport(Darwin)
        return Darwin.pread(descriptor, base, count, off_t(offset))
        #elseif canImport(Glibc)
        return Glibc.pread(descriptor, base, count, off_t(offset))
        #elseif canImport(Musl)
        return Musl.pread(descriptor, base, count, off_t(offset))
        #endif
    }
}
