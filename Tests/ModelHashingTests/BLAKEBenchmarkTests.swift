import CBLAKE
import Dispatch
import Foundation
import Testing

@testable import ModelHashing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    static func cpuSeconds() -> Double {
        var usage = rusage()
        #if canImport(Glibc)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

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
        let expected = try BLAKE3Engine.hashFile(descriptor: fd, offset: 0, length: Int64(size), workers: 1)
        for workers in [1, 2] {
            for subtree in [256 << 10, 1 << 20, 4 << 20] where workers > 1 || subtree == 1 << 20 {
                let label = "hashFile pread, \(workers) worker(s), subtree \(subtree >> 10) KiB:"
                print(label, try Self.rate(size, runs: 3) {
                    let digest = try BLAKE3Engine.hashFile(
                        descriptor: fd, offset: 0, length: Int64(size), workers: workers, subtreeBytes: subtree)
                    #expect(digest == expected)
                })
            }
        }
        // mmap alternatives, for the record (not used: a shrinking file would raise SIGBUS).
        guard let map = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), map != MAP_FAILED else { return }
        defer { munmap(map, size) }
        let bytes = UnsafeRawBufferPointer(start: map, count: size)
        print("mmap + one thread:", Self.rate(size, runs: 3) { #expect(BLAKE3Engine.hash(bytes) == expected) })
        print("mmap + 2 workers:", Self.rate(size, runs: 3) { #expect(Self.mmapParallel(bytes, workers: 2) == expected) })
    }

    /// Two-worker hash over a mapping, same tree split as `hashFile`.
    static func mmapParallel(_ bytes: UnsafeRawBufferPointer, workers: Int) -> [UInt8] {
        let subtree = 1 << 20
        let full = (bytes.count - 1) / subtree
        let cvs = UnsafeMutablePointer<UInt8>.allocate(capacity: 32 * full)
        defer { cvs.deallocate() }
        let base = UInt(bitPattern: bytes.baseAddress)
        let cvAddress = UInt(bitPattern: cvs)
        // Dedicated threads, like hashFile (concurrentPerform from a test's pool thread may not
        // get a second thread).
        let group = DispatchGroup()
        for worker in 0..<workers {
            group.enter()
            Thread {
                for index in (full * worker / workers)..<(full * (worker + 1) / workers) {
                    let input = UnsafePointer<UInt8>(bitPattern: base + UInt(index * subtree))
                    let out = UnsafeMutablePointer<UInt8>(bitPattern: cvAddress + UInt(32 * index))
                    cblake3_subtree_cv(input, 1024, UInt64(index) * 1024, -1, out)
                }
                group.leave()
            }.start()
        }
        group.wait()
        var engine = BLAKE3Engine()
        for index in 0..<full { _ = engine.appendSubtree(chainingValue: cvs + 32 * index, chunkCount: 1024) }
        engine.update(UnsafeRawBufferPointer(rebasing: bytes[(full * subtree)...]))
        return engine.finalize()
    }
}
