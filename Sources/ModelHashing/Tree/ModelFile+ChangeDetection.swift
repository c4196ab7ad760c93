#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension ModelFile {
    /// Checks that the open file `descriptor` still has the size and modification time the
    /// tree walk recorded, and is still a regular file.
    func checkUnchanged(descriptor: Int32) throws(ModelHashingError) {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .io(path: path.string, operation: "examine", errno: errno) }
        #if canImport(Darwin)
        let mtime = Int64(status.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(status.st_mtimespec.tv_nsec)
        #else
        let mtime = Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
        #endif
        guard Int64(status.st_size) == size, mtime == modificationTime, status.st_mode & S_IFMT == S_IFREG else {
            throw .fileChanged(path: path.string)
        }
    }
}
