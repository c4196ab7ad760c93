import CBLAKE
import Foundation
import ModelSigningTestSupport
import Testing

@testable import ModelHashing
import ModelSigningPlatform

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
          arguments: [1, 2, 3, 8], [ReadStrategy.pread, .mmap])
    func smallSubtrees(workers: Int, strategy: ReadStrategy) throws {
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
                let digest = try BLAKE3TreeHashing.hashFile(
                    descriptor: file.descriptor, offset: Int64(offset), length: Int64(length),
                    workers: workers, subtreeBytes: subtree, readStrategy: strategy)
                #expect(digest == expected, "length \(length) offset \(offset) workers \(workers) \(strategy)")
            }
        }
    }

    @Test("Default 1 MiB subtrees: sizes around subtree boundaries equal sequential",
          arguments: [1, 2, 3, 8], ReadStrategy.allCases)
    func defaultSubtrees(workers: Int, strategy: ReadStrategy) throws {
        let mib = 1 << 20
        let data = blakeTestBytes(count: 19 * mib + 3, seed: 5)
        let file = try BLAKETemporaryFile(data)
        defer { file.dispose() }
        for length in [2 * mib - 1, 2 * mib, 2 * mib + 1, 3 * mib + 1024, 17 * mib + 1, 19 * mib + 3] {
            let expected = data[0..<length].withUnsafeBytes { BLAKE3Engine.hash($0) }
            let digest = try BLAKE3TreeHashing.hashFile(
                descriptor: file.descriptor, offset: 0, length: Int64(length), workers: workers,
                readStrategy: strategy)
            #expect(digest == expected, "length \(length) workers \(workers) \(strategy)")
        }
    }

    @Test("A range past the end of the file throws an early-end error",
          arguments: [1, 2], [ReadStrategy.pread, .mmap])
    func shortFile(workers: Int, strategy: ReadStrategy) throws {
        let data = blakeTestBytes(count: 50_000, seed: 1)
        let file = try BLAKETemporaryFile(data)
        defer { file.dispose() }
        // 60,000 bytes end inside the page after the file's last one; 300,000 map whole pages
        // past the end, whose reads raise SIGBUS under mmap.
        for length in [60_000, 300_000] {
            #expect {
                _ = try BLAKE3TreeHashing.hashFile(
                    descriptor: file.descriptor, offset: 1000, length: Int64(length), workers: workers,
                    subtreeBytes: 4096, readStrategy: strategy)
            } throws: { error in
                guard let error = error as? BLAKE3ReadError else { return false }
                return error.isUnexpectedEndOfFile && error.offset >= 1000 && error.offset <= 300_000
            }
        }
    }

    @Test("The SIGBUS guard turns a read of a truncated mapping into an error")
    func truncatedMapping() throws {
        let mib = 1 << 20
        let file = try BLAKETemporaryFile(blakeTestBytes(count: 4 * mib, seed: 8))
        defer { file.dispose() }
        let writable = open(file.url.path, O_RDWR)
        #expect(writable >= 0)
        defer { _ = close(writable) }
        guard let mapping = mmap(nil, 4 * mib, PROT_READ, MAP_SHARED, file.descriptor, 0),
              mapping != MAP_FAILED else {
            Issue.record("mmap failed: errno \(errno)")
            return
        }
        defer { _ = munmap(mapping, 4 * mib) }
        let bytes = mapping.assumingMemoryBound(to: UInt8.self)
        var cv = [UInt8](repeating: 0, count: 32)
        #expect(cblake3_subtree_cv_guarded(bytes + 2 * mib, 1024, 2048, -1, &cv) == 0)
        #expect(ftruncate(writable, off_t(mib)) == 0)
        // Twice: the handler must leave SIGBUS deliverable after jumping out of it.
        #expect(cblake3_subtree_cv_guarded(bytes + 2 * mib, 1024, 2048, -1, &cv) == -1)
        #expect(cblake3_subtree_cv_guarded(bytes + 3 * mib, 1024, 3072, -1, &cv) == -1)
        // Jumping out of the handler leaves the thread's signal mask as it was (under
        // ThreadSanitizer it used to leave every signal blocked).
        var before = sigset_t()
        var after = sigset_t()
        sigemptyset(&before)
        sigemptyset(&after)
        _ = pthread_sigmask(SIG_SETMASK, nil, &before)
        #expect(cblake3_subtree_cv_guarded(bytes + 2 * mib, 1024, 2048, -1, &cv) == -1)
        _ = pthread_sigmask(SIG_SETMASK, nil, &after)
        for signal in [SIGBUS, SIGINT, SIGTERM] {
            #expect(sigismember(&after, signal) == sigismember(&before, signal), "signal \(signal) blocked after a guarded fault")
        }
        // The part still backed by the file hashes as before.
        var direct = [UInt8](repeating: 0, count: 32)
        cblake3_subtree_cv(bytes, 512, 0, -1, &direct)
        #expect(cblake3_subtree_cv_guarded(bytes, 512, 0, -1, &cv) == 0)
        #expect(cv == direct)
    }

    @Test("A file truncated while hashed gives an error or, if hashing won the race, the right digest",
          arguments: [ReadStrategy.pread, .mmap])
    func truncatedWhileHashing(strategy: ReadStrategy) throws {
        let mib = 1 << 20
        let data = blakeTestBytes(count: 64 * mib, seed: 3)
        let expected = data.withUnsafeBytes { BLAKE3Engine.hash($0) }
        for delayMicroseconds: UInt32 in [0, 2_000, 8_000] {
            let file = try BLAKETemporaryFile(data)
            defer { file.dispose() }
            let path = file.url.path
            let truncator = Thread {
                usleep(delayMicroseconds)
                _ = truncate(path, off_t(mib))
            }
            truncator.start()
            do {
                let digest = try BLAKE3TreeHashing.hashFile(
                    descriptor: file.descriptor, offset: 0, length: Int64(data.count), workers: 2,
                    readStrategy: strategy)
                #expect(digest == expected, "a completed hash must be of the whole file")
            } catch {
                #expect(error.isUnexpectedEndOfFile, "\(error)")
            }
            while truncator.isExecuting || !truncator.isFinished { usleep(100) }
        }
    }

    @Test("A bad descriptor throws with errno EBADF", arguments: [1, 2])
    func badDescriptor(workers: Int) {
        #expect(throws: BLAKE3ReadError(errno: EBADF, offset: 0)) {
            _ = try BLAKE3TreeHashing.hashFile(
                descriptor: -1, offset: 0, length: 100_000, workers: workers, subtreeBytes: 4096)
        }
    }

    @Test("Negative offsets or lengths are rejected")
    func invalidRange() {
        #expect(throws: BLAKE3ReadError.self) {
            _ = try BLAKE3TreeHashing.hashFile(descriptor: 0, offset: -1, length: 10, workers: 1)
        }
        #expect(throws: BLAKE3ReadError.self) {
            _ = try BLAKE3TreeHashing.hashFile(descriptor: 0, offset: 0, length: -10, workers: 1)
        }
    }

    @Test("BLAKE3 over a file large enough for the tree path: every read strategy gives the one-pass digest and full progress")
    func readStrategyNeverChangesDigests() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let size = Int(HashingConfiguration.defaultBLAKE3TreeThreshold) + 3 * 1024 * 1024 + 17
        let bytes = blakeTestBytes(count: size, seed: 41)
        try Data(bytes).write(to: URL(fileURLWithPath: directory.path + "/weights.bin"))
        let expected = bytes.withUnsafeBytes { BLAKE3Engine.hash($0) }
        for strategy in ReadStrategy.allCases {
            let hasher = ModelHasher(serialization: Serialization(method: .files, hashAlgorithm: .blake3),
                                     workers: 2, readStrategy: strategy)
            let progress = HashingProgress()
            let manifest = try await hasher.hash(modelAt: directory.path, progress: progress)
            #expect(manifest.resources.map(\.digest) == [expected], "\(strategy)")
            #expect(progress.bytesHashed == Int64(size), "progress advances per subtree and ends at the size")
        }
    }
}
