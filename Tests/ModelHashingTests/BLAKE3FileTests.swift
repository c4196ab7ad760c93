import Foundation
import Testing

@testable import ModelHashing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A temporary file holding `bytes`, opened read-only; removed by `dispose()`.
struct BLAKETemporaryFile {
    let url: URL
    let descriptor: Int32

    init(_ bytes: [UInt8]) throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("blake-test-\(UUID().uuidString)")
        try Data(bytes).write(to: url)
        descriptor = open(url.path, O_RDONLY)
        #expect(descriptor >= 0, "open \(url.path)")
    }

    func dispose() {
        _ = close(descriptor)
        try? FileManager.default.removeItem(at: url)
    }
}

@Suite("BLAKE3 hashFile")
struct BLAKE3FileTests {
    @Test("Small subtrees: sizes around subtree boundaries, 1/2/3/8 workers equal sequential",
          arguments: [1, 2, 3, 8])
    func smallSubtrees(workers: Int) throws {
        let subtree = 4096
        let data = blakeTestBytes(count: 70 * subtree + 5000, seed: 99)
        let file = try BLAKETemporaryFile(data)
        defer { file.dispose() }
        var lengths = [0, 1, 1023, 1024, 1025]
        for k in 1...20 { lengths += [k * subtree - 1, k * subtree, k * subtree + 1] }
        lengths += [33 * subtree + 17, 64 * subtree, 64 * subtree + 1, 70 * subtree + 5000]
        for length in lengths {
            for offset in [0, 4321] where offset + length <= data.count {
                let expected = data[offset..<(offset + length)].withUnsafeBytes { BLAKE3Engine.hash($0) }
                let digest = try BLAKE3Engine.hashFile(
                    descriptor: file.descriptor, offset: Int64(offset), length: Int64(length),
                    workers: workers, subtreeBytes: subtree)
                #expect(digest == expected, "length \(length) offset \(offset) workers \(workers)")
            }
        }
    }

    @Test("Default 1 MiB subtrees: sizes around subtree boundaries equal sequential",
          arguments: [1, 2, 3, 8])
    func defaultSubtrees(workers: Int) throws {
        let mib = 1 << 20
        let data = blakeTestBytes(count: 19 * mib + 3, seed: 5)
        let file = try BLAKETemporaryFile(data)
        defer { file.dispose() }
        for length in [2 * mib - 1, 2 * mib, 2 * mib + 1, 3 * mib + 1024, 17 * mib + 1, 19 * mib + 3] {
            let expected = data[0..<length].withUnsafeBytes { BLAKE3Engine.hash($0) }
            let digest = try BLAKE3Engine.hashFile(
                descriptor: file.descriptor, offset: 0, length: Int64(length), workers: workers)
            #expect(digest == expected, "length \(length) workers \(workers)")
        }
    }

    @Test("A range past the end of the file throws an early-end error", arguments: [1, 2])
    func shortFile(workers: Int) throws {
        let data = blakeTestBytes(count: 50_000, seed: 1)
        let file = try BLAKETemporaryFile(data)
        defer { file.dispose() }
        #expect {
            _ = try BLAKE3Engine.hashFile(
                descriptor: file.descriptor, offset: 1000, length: 60_000, workers: workers,
                subtreeBytes: 4096)
        } throws: { error in
            guard let error = error as? BLAKE3ReadError else { return false }
            return error.isUnexpectedEndOfFile && error.offset >= 1000 && error.offset <= 50_000
        }
    }

    @Test("A bad descriptor throws with errno EBADF", arguments: [1, 2])
    func badDescriptor(workers: Int) {
        #expect(throws: BLAKE3ReadError(errno: EBADF, offset: 0)) {
            _ = try BLAKE3Engine.hashFile(
                descriptor: -1, offset: 0, length: 100_000, workers: workers, subtreeBytes: 4096)
        }
    }

    @Test("Negative offsets or lengths are rejected")
    func invalidRange() {
        #expect(throws: BLAKE3ReadError.self) {
            _ = try BLAKE3Engine.hashFile(descriptor: 0, offset: -1, length: 10, workers: 1)
        }
        #expect(throws: BLAKE3ReadError.self) {
            _ = try BLAKE3Engine.hashFile(descriptor: 0, offset: 0, length: -10, workers: 1)
        }
    }
}
