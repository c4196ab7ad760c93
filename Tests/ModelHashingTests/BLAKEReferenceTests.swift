import Foundation
import Testing

@testable import ModelHashing

/// Locates a Python interpreter that has the `blake3` package (the reference Rust binding).
enum BLAKEReferencePython {
    /// `<package root>`, three levels above this file.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `MODEL_SIGNING_REFERENCE_PYTHON`, else `<package root>/.venv-reference/bin/python`.
    static let interpreter: String? = {
        var candidates: [String] = []
        if let configured = ProcessInfo.processInfo.environment["MODEL_SIGNING_REFERENCE_PYTHON"],
           !configured.isEmpty {
            candidates.append(configured)
        }
        candidates.append(packageRoot.appendingPathComponent(".venv-reference/bin/python").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Whether the comparison can run; says why not on standard output otherwise.
    static var isAvailable: Bool {
        if interpreter == nil {
            print("SKIPPING BLAKE reference comparison: no Python with `blake3` found "
                + "(set MODEL_SIGNING_REFERENCE_PYTHON or create \(packageRoot.path)/.venv-reference)")
        }
        return interpreter != nil
    }

    /// Runs scripts/blake_oracle.py and returns length -> (BLAKE2b hex, BLAKE3 hex).
    static func digests(dataFile: URL, lengths: [Int]) throws -> [Int: (String, String)] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: interpreter ?? "/nonexistent")
        process.arguments = [packageRoot.appendingPathComponent("scripts/blake_oracle.py").path,
                             dataFile.path] + lengths.map(String.init)
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let bytes = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "blake_oracle.py exited \(process.terminationStatus)")
        var result: [Int: (String, String)] = [:]
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 3, let length = Int(fields[0]) else { continue }
            result[length] = (String(fields[1]), String(fields[2]))
        }
        return result
    }
}

@Suite("BLAKE2b and BLAKE3 against the Python reference")
struct BLAKEReferenceTests {
    // Skipped (and reported on stdout) when no reference interpreter exists on this machine.
    @Test("Randomized lengths 0...10^6 and every block/chunk boundary ±1",
          .enabled(if: BLAKEReferencePython.isAvailable, "needs a Python interpreter with `blake3`"))
    func randomizedAgainstPython() throws {
        let size = 1_000_000
        let data = blakeTestBytes(count: size, seed: 0x5EED_B1A4E)
        var lengths = Set<Int>()
        for k in 0...80 { lengths.formUnion([64 * k - 1, 64 * k, 64 * k + 1]) }          // blocks to 5 KB
        for k in 0...40 { lengths.formUnion([1024 * k - 1, 1024 * k, 1024 * k + 1]) }    // chunks to 40 KB
        for k in [64, 128, 129, 256, 512, 976] { lengths.formUnion([1024 * k - 1, 1024 * k, 1024 * k + 1]) }
        var rng = UInt64(42)
        for _ in 0..<120 {
            rng = rng &* 6364136223846793005 &+ 1442695040888963407
            lengths.insert(Int((rng >> 33) % UInt64(size + 1)))
        }
        lengths.insert(size)
        let sorted = lengths.filter { $0 >= 0 && $0 <= size }.sorted()

        let file = try BLAKETemporaryFile(data)
        defer { file.dispose() }
        let reference = try BLAKEReferencePython.digests(dataFile: file.url, lengths: sorted)
        #expect(reference.count == sorted.count, "reference answered \(reference.count) of \(sorted.count)")

        var compared = 0
        for length in sorted {
            guard let (blake2b, blake3) = reference[length] else { continue }
            let slice = data[0..<length]
            #expect(blakeHex(slice.withUnsafeBytes { BLAKE2bEngine.hash($0) }) == blake2b,
                    "BLAKE2b length \(length)")
            #expect(blakeHex(slice.withUnsafeBytes { BLAKE3Engine.hash($0) }) == blake3,
                    "BLAKE3 length \(length)")
            let fromFile = try BLAKE3TreeHashing.hashFile(
                descriptor: file.descriptor, offset: 0, length: Int64(length), workers: 2,
                subtreeBytes: 8192)
            #expect(blakeHex(fromFile) == blake3, "BLAKE3 hashFile length \(length)")
            compared += 1
        }
        print("BLAKE reference comparison: \(compared) lengths checked against Python")
    }
}
