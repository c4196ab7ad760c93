import Foundation
@testable import ModelHashing
import ModelSigningTestSupport
import Synchronization
import Testing

import ModelSigningPlatform

/// A file renamed over or unlinked after it was opened for hashing keeps its descriptor valid;
/// only the path shows the change (issue 15, point 6). The progress observer makes the change
/// happen at a known point: after the first bytes of the file were read.
@Suite struct PathReplacedWhileHashingTests {
    enum Change: String, CaseIterable, Sendable {
        case renamedOver, unlinked
    }

    /// Sizes that take each reading path: one read, several buffered reads, and (BLAKE3)
    /// the parallel tree reader for files of 64 MiB and more.
    static let cases: [(HashAlgorithm, Int)] = [(.sha256, 10_000), (.sha256, 3_000_000), (.blake3, 10_000), (.blake3, (64 << 20) + 4_096)]

    @Test("A file changed at its path during hashing is refused", arguments: Change.allCases, cases)
    func changeDuringHashingIsRefused(change: Change, setup: (HashAlgorithm, Int)) async throws {
        let (algorithm, size) = setup
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("m/weights", Data(repeating: 0x77, count: size))
        let weights = directory.appending("m/weights").path
        let replacement = try directory.write("replacement", Data(repeating: 0x78, count: size)).path
        let done = Flag()
        let progress = HashingProgress(observer: { _ in
            guard !done.value.exchange(true, ordering: .relaxed) else { return }
            switch change {
            case .renamedOver: _ = rename(replacement, weights)
            case .unlinked: _ = unlink(weights)
            }
        })
        let hasher = ModelHasher(serialization: Serialization(hashAlgorithm: algorithm), workers: 2)
        await #expect(throws: ModelHashingError.fileChanged(path: "weights")) {
            try await hasher.hash(modelAt: directory.appending("m").path, progress: progress)
        }
        #expect(done.isSet, "the change must have happened during hashing")
    }

    @Test func anUntouchedFileStillHashes() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("m/weights", Data(repeating: 0x77, count: 10_000))
        let called = Flag()
        let progress = HashingProgress(observer: { _ in called.value.store(true, ordering: .relaxed) })
        let manifest = try await ModelHasher().hash(modelAt: directory.appending("m").path, progress: progress)
        #expect(manifest.resources.count == 1)
        #expect(called.isSet)
    }

    @Test func aRangeReadWhoseFileIsRenamedOverIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("m/weights", Data(repeating: 0x77, count: 100_000))
        let weights = directory.appending("m/weights").path
        let replacement = try directory.write("replacement", Data(repeating: 0x78, count: 100_000)).path
        let tree = try ModelTreeWalker.walk(directory.appending("m").path, options: TreeWalkOptions())
        let done = Flag()
        let progress = HashingProgress(observer: { _ in
            if !done.value.exchange(true, ordering: .relaxed) { _ = rename(replacement, weights) }
        })
        #expect(throws: ModelHashingError.fileChanged(path: "weights")) {
            try HashingRangeReader.hash(0..<100_000, of: tree.files[0], algorithm: .sha256, progress: progress)
        }
    }
}

/// A flag set from the hashing threads.
private final class Flag: Sendable {
    let value = Atomic<Bool>(false)
    var isSet: Bool { value.load(ordering: .relaxed) }
}
