import Foundation
import ModelHashing
import ModelSigningTestSupport
import Testing

/// `HashingRangeReader`: the digest covers exactly the range, windows receive exactly their
/// bytes, and changed files are caught.
@Suite struct LoadTimeRangeHashingTests {
    static let content: [UInt8] = (0..<(3 << 20) + 777).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }

    func sha256(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var engine = SHA256Engine()
        Array(bytes).withUnsafeBytes { engine.update($0) }
        return engine.finalize()
    }

    static func file(in directory: TemporaryDirectory) throws -> ModelFile {
        let url = try directory.write("data.bin", Data(content))
        let tree = try ModelTreeWalker.walk(url.path, options: TreeWalkOptions())
        return try #require(tree.files.first)
    }

    @Test func digestsAndWindowsCoverExactlyTheirRanges() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try LoadTimeRangeHashingTests.file(in: directory)
        let content = LoadTimeRangeHashingTests.content
        let range: Range<Int64> = 1000..<Int64(content.count - 5)
        // Overlapping windows, one crossing the 1 MiB read size, one of a single byte.
        let windowRanges: [Range<Int64>] = [1000..<1010, 1005..<(2 << 20), (2 << 20) - 3..<(2 << 20) + 9, 3_000_000..<3_000_001]
        let buffers = windowRanges.map { UnsafeMutableRawBufferPointer.allocate(byteCount: $0.count, alignment: 1) }
        defer { buffers.forEach { $0.deallocate() } }
        let windows = zip(windowRanges, buffers).map { HashingRangeReader.Window(range: $0, destination: $1) }

        let digest = try HashingRangeReader.hash(range, of: file, algorithm: .sha256, keeping: windows)
        #expect(digest == sha256(content[Int(range.lowerBound)..<Int(range.upperBound)]))
        for (windowRange, buffer) in zip(windowRanges, buffers) {
            #expect(Array(buffer) == Array(content[Int(windowRange.lowerBound)..<Int(windowRange.upperBound)]))
        }
        // No windows at all, and an empty range.
        #expect(try HashingRangeReader.hash(0..<10, of: file, algorithm: .sha256) == sha256(content[0..<10]))
        #expect(try HashingRangeReader.hash(5..<5, of: file, algorithm: .sha256) == sha256([]))
    }

    @Test func aFileThatChangedIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try LoadTimeRangeHashingTests.file(in: directory)
        let stale = ModelFile(path: file.path, sourcePath: file.sourcePath, size: file.size, modificationTime: file.modificationTime - 1)
        #expect(throws: ModelHashingError.fileChanged(path: ".")) {
            try HashingRangeReader.hash(0..<10, of: stale, algorithm: .sha256)
        }
        // A range past the end of the file: reading comes up short.
        let longer = ModelFile(path: file.path, sourcePath: file.sourcePath, size: file.size, modificationTime: file.modificationTime)
        #expect(throws: ModelHashingError.fileChanged(path: ".")) {
            try HashingRangeReader.hash(0..<(file.size + 10), of: longer, algorithm: .sha256)
        }
    }
}
