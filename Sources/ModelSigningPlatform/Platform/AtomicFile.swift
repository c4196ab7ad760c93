/// Replacing a file so that readers see the old or the new content, never a partial file: the
/// bytes go to a temporary file in the same directory, which is flushed and renamed over the
/// target.
package enum AtomicFile {
    /// Where a replacement failed.
    package struct Failure: Error, Sendable, Equatable {
        /// The step that failed.
        package enum Step: Sendable, Equatable {
            /// Creating the temporary file next to the target.
            case createTemporary
            /// Writing, flushing or renaming it.
            case write
        }

        package let step: Step
        package let errno: ErrnoCode

        package init(step: Step, errno: ErrnoCode) {
            self.step = step
            self.errno = errno
        }
    }

    /// Writes `bytes` to `path` atomically with permissions 0644.
    package static func replace(_ path: String, with bytes: [UInt8]) -> Result<Void, Failure> {
        // Split at the last `/` byte: a String search compares characters, and a `/` followed by
        // a combining mark is one character that would not match.
        let pathBytes = Array(path.utf8)
        let directory = pathBytes.lastIndex(of: UInt8(ascii: "/")).map { String(decoding: pathBytes[..<$0], as: UTF8.self) } ?? "."
        var template = Array(((directory.isEmpty ? "/" : directory) + "/.model-signing-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.map { mkstemp($0) } ?? -1
        }
        guard fd >= 0 else { return .failure(Failure(step: .createTemporary, errno: ErrnoCode(errno))) }
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let writeError = FileDescriptorIO.writeAll(fd, bytes)
        guard writeError == 0 else {
            close(fd)
            unlink(temporary)
            return .failure(Failure(step: .write, errno: ErrnoCode(writeError)))
        }
        fchmod(fd, 0o644)
        let synced = fsync(fd) == 0 ? 0 : errno
        let closed = close(fd) == 0 ? 0 : errno
        let failure = synced != 0 ? synced : closed != 0 ? closed : rename(temporary, path) == 0 ? 0 : errno
        guard failure == 0 else {
            unlink(temporary)
            return .failure(Failure(step: .write, errno: ErrnoCode(failure)))
        }
        return .success(())
    }
}
