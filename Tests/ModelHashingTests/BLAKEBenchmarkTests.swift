import Dispatch
import Foundation
import Testing

@testable import ModelHashing
import ModelSigningPlatform

/// Throughput figures, printed and never asserted. Run by hand:
/// `BLAKE_BENCHMARK=1 swift test -c release --filter BLAKEBenchmark`
@Suite("BLAKE benchmark (manual)", .serialized)
struct BLAKEBenchmarkTests {
    static let enabled = ProcessInfo.processInfo.environment["BLAKE_BENCHMARK"] == "1"

    /// Best wall-clock GB/s of `runs` runs of `body`, which processes `bytes` bytes.
    static func rate(_ bytes: Int, runs: Int = 5, _ body: () throws -> Void) rethrows -> String {
        var best = Double.infinity
        var bestCPU = 0.0
        for _ in 0..<runs {
            let cpuStart = cpuSeconds()
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if wall < best { best = wall; bestCPU = cpuSeconds() - cpuStart }
        }
        return String(format: "%.2f GB/s (CPU %.0f%% of wall)", Double(bytes) / best / 1e9, 100 * bestCPU / best)
    }

    /// User plus system time of this process.
    static func cpuSeconds() -> Double { ProcessResources.cpuSeconds() }

    @Test("In-memory single-thread throughput", .enabled(if: enabled))
    func inMemory() {
        let size = 256 << 20
        let data = blakeTestBytes(count: size, seed: 1)
        data.withUnsafeBytes { bytes in
            print("BLAKE3 one thread, 256 MiB in memory:", Self.rate(size) { _ = BLAKE3Engine.hash(bytes) })
            print("BLAKE2b one thread, 256 MiB in memory:", Self.rate(size, runs: 3) { _ = BLAKE2bEngine.hash(bytes) })
            var small = BLAKE3Engine()
            print("BLAKE3 64 KiB updates:", Self.rate(size) {
                small = BLAKE3Engine()
                var start = 0
                while start < bytes.count {
                    small.update(UnsafeRawBufferPointer(rebasing: bytes[start..<min(start + 65536, bytes.count)]))
                    start += 65536
                }
                _ = small.finalize()
            })
        }
    }

    @Test("hashFile on a page-cached file: pread vs mmap", .enabled(if: enabled))
    func file() throws {
        let size = 1 << 30
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("blake-bench-\(getpid())")
        try Data(blakeTestBytes(count: size, seed: 2)).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let fd = open(url.path, O_RDONLY)
        defer { _ = close(fd) }
        let expected = try BLAKE3TreeHashing.hashFile(descriptor: fd, offset: 0, length: Int64(size), workers: 1)
        for strategy in [ReadStrategy.pread, .mmap] {
            for workers in [1, 2] {
                for subtree in [256 << 10, 1 << 20, 4 << 20] where workers > 1 || subtree == 1 << 20 {
                    let label = "hashFile \(strategy), \(workers) worker(s), subtree \(subtree >> 10) KiB:"
                    print(label, try Self.rate(size, runs: 3) {
                        let digest = try BLAKE3TreeHashing.hashFile(
                            descriptor: fd, offset: 0, length: Int64(size), workers: workers, subtreeBytes: subtree,
                            readStrategy: strategy)
                        #expect(digest == expected)
                    })
                }
            }
        }
    }
}
