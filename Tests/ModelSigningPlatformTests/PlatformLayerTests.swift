import Foundation
import ModelSigningPlatform
import ModelSigningTestSupport
import Testing

/// The platform layer's calls, on real files.
@Suite("Platform layer")
struct PlatformLayerTests {
    @Test("writeAll and preadFully move every byte; preadFully stops at the end of the file")
    func writeAndReadBack() throws {
        let directory = try TemporaryDirectory("platform")
        defer { directory.remove() }
        let path = directory.appending("data.bin").path
        let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        try #require(fd >= 0)
        #expect(FileDescriptorIO.writeAll(fd, bytes) == 0)
        close(fd)

        let reader = open(path, O_RDONLY | O_CLOEXEC)
        try #require(reader >= 0)
        defer { close(reader) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 400_000, alignment: 16)
        defer { buffer.deallocate() }
        let whole = FileDescriptorIO.preadFully(reader, into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<200_000]), at: 1000)
        #expect(whole == .success(200_000))
        #expect(Array(buffer[..<200_000]) == Array(bytes[1000..<201_000]))
        let tail = FileDescriptorIO.preadFully(reader, into: buffer, at: 250_000)
        #expect(tail == .success(50_000))
        #expect(Array(buffer[..<50_000]) == Array(bytes[250_000...]))
    }

    @Test("writeAll and preadFully report errno on a bad descriptor")
    func badDescriptor() {
        #expect(FileDescriptorIO.writeAll(-1, [1, 2, 3]) == EBADF)
        var byte: UInt8 = 0
        let result = withUnsafeMutableBytes(of: &byte) { FileDescriptorIO.preadFully(-1, into: $0, at: 0) }
        #expect(result == .failure(ErrnoCode(EBADF)))
        #expect(!ErrnoCode(ENOENT).description.isEmpty)
    }

    @Test("AtomicFile.replace writes the new content and leaves no temporary file; a missing folder is reported")
    func atomicReplace() throws {
        let directory = try TemporaryDirectory("platform")
        defer { directory.remove() }
        let path = try directory.write("model.sig", "old").path
        #expect(throws: Never.self) { try AtomicFile.replace(path, with: Array("new".utf8)).get() }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["model.sig"])

        let missing = directory.appending("no-such-folder/model.sig").path
        #expect(throws: AtomicFile.Failure(step: .createTemporary, errno: ErrnoCode(ENOENT))) {
            try AtomicFile.replace(missing, with: [1]).get()
        }
    }

    @Test("File times: the modification time set is the one read back, the access time is left alone")
    func fileTimes() throws {
        let directory = try TemporaryDirectory("platform")
        defer { directory.remove() }
        let path = try directory.write("weights.bin", "w").path
        var before = stat()
        try #require(stat(path, &before) == 0)
        let target: Int64 = 1_600_000_000_123_456_789
        #expect(FileTimestamps.setModification(of: path, to: target) == 0)
        var after = stat()
        try #require(stat(path, &after) == 0)
        #expect(FileTimestamps.modification(after) == target)
        #expect(FileTimestamps.access(after) == FileTimestamps.access(before))
        #expect(FileTimestamps.statusChange(after) >= FileTimestamps.statusChange(before))
        #expect(FileTimestamps.now() > target)
        #expect(FileTimestamps.setModification(of: directory.appending("missing").path, to: target) == ENOENT)
    }

    @Test("Real paths resolve links and report missing paths; the processor count is positive")
    func realPathsAndProcessors() throws {
        let directory = try TemporaryDirectory("platform")
        defer { directory.remove() }
        let file = try directory.write("a/file", "x").path
        try FileManager.default.createSymbolicLink(atPath: directory.appending("link").path, withDestinationPath: file)
        let resolvedFile = try #require(RealPath.resolve(file))
        #expect(RealPath.resolve(directory.appending("link").path) == resolvedFile)
        #expect(RealPath.resolve(directory.appending("missing").path) == nil)
        #expect(RealPath.currentDirectory() != nil)
        #expect(ProcessResources.onlineProcessorCount >= 1)
        #expect(ProcessResources.cpuSeconds() >= 0)
        #expect(SystemError.message(for: ENOENT) == String(cString: strerror(ENOENT)))
    }

    @Test("Huge-page advice accepts any buffer, aligned or not, and leaves its content alone")
    func hugePageAdvice() {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 9 << 20, alignment: 4096)
        defer { buffer.deallocate() }
        buffer.initializeMemory(as: UInt8.self, repeating: 0xA5)
        HugePages.advise(buffer)
        HugePages.advise(UnsafeMutableRawBufferPointer(rebasing: buffer[1..<100]))
        #expect(buffer.allSatisfy { $0 == 0xA5 })
    }
}
