/// A read failure while hashing a file range with ``BLAKE3TreeHashing``.
package struct BLAKE3ReadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The `errno` from the failing read, or 0 when the file ended before the requested range
    /// did (it shrank while being hashed).
    package let errno: Int32
    /// The file offset at which the failing read started.
    package let offset: Int64

    /// Whether the read hit the end of the file early rather than failing with an error.
    package var isUnexpectedEndOfFile: Bool { errno == 0 }

    /// An error for a read at `offset` that failed with `errno` (0: the file ended early).
    package init(errno: Int32, offset: Int64) {
        self.errno = errno
        self.offset = offset
    }

    /// A one-line explanation naming the offset and the errno or early end.
    package var description: String {
        if isUnexpectedEndOfFile {
            return "file ended early: no data at offset \(offset) (did it shrink while being hashed?)"
        }
        return "read failed at offset \(offset): errno \(errno)"
    }
}
