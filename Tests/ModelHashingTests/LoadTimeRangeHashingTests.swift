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

/// `HashingRangeReader` with a configuration: a large BLAKE3 range goes through tree mode on
/// several workers, with the same digest and the same bytes in the windows.
@Suite struct TreeModeRangeHashingTests {
    @Test(arguments: [ReadStrategy.pread, .mmap])
    func treeModeMatchesTheEngineAndFillsWindows(strategy: ReadStrategy) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try LoadTimeRangeHashingTests.file(in: directory)
        let content = LoadTimeRangeHashingTests.content
        var configuration = HashingConfiguration(serialization: Serialization(hashAlgorithm: .blake3), workers: 3,
                                                 readStrategy: strategy)
        configuration.blake3TreeThreshold = 1 << 20
        let range: Range<Int64> = 1000..<Int64(content.count - 5)
        let expected = content[Int(range.lowerBound)..<Int(range.upperBound)].withUnsafeBytes { BLAKE3Engine.hash($0) }

        // Without windows (mapped when asked), and with overlapping windows (always read into them).
        let plain = try HashingRangeReader.hash(range, of: file, configuration: configuration)
        #expect(plain.digest == expected)
        #expect(plain.parallelWorkers > 1)

        let windowRanges: [Range<Int64>] = [1000..<1010, 1005..<(2 << 20), (2 << 20) - 3..<(2 << 20) + 9,
                                            3_000_000..<3_000_001, range]
        let buffers = windowRanges.map { UnsafeMutableRawBufferPointer.allocate(byteCount: $0.count, alignment: 1) }
        defer { buffers.forEach { $0.deallocate() } }
        let windows = zip(windowRanges, buffers).map { HashingRangeReader.Window(range: $0, destination: $1) }
        let kept = try HashingRangeReader.hash(range, of: file, configuration: configuration, keeping: windows)
        #expect(kept.digest == expected)
        #expect(kept.parallelWorkers > 1)
        for (windowRange, buffer) in zip(windowRanges, buffers) {
            #expect(Array(buffer) == Array(content[Int(windowRange.lowerBound)..<Int(windowRange.upperBound)]))
        }

        // Below the threshold, or with one worker, the range is hashed sequentially.
        configuration.workers = 1
        let sequential = try HashingRangeReader.hash(range, of: file, configuration: configuration)
        #expect(sequential.digest == expected)
        #expect(sequential.parallelWorkers == 1)
    }

    @Test func aFileThatShrankFailsInTreeMode() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try LoadTimeRangeHashingTests.file(in: directory)
        var configuration = HashingConfiguration(serialization: Serialization(hashAlgorithm: .blake3), workers: 2)
        configuration.blake3TreeThreshold = 1 << 20
        let handle = try FileHandle(forUpdating: directory.appending("data.bin"))
        try handle.truncate(atOffset: 2 << 20)
        try handle.close()
        #expect(throws: ModelHashingError.self) {
            try HashingRangeReader.hash(0..<file.size, of: file, configuration: configuration)
        }
    }
}
