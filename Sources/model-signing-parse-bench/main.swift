// Times signature parsing alone, stage by stage, on one signature file held in memory:
//
//   model-signing-parse-bench SIGNATURE [--repeat N]
//
// Stages: the bundle's JSON (tree of everything but the DSSE payload), the payload's base64,
// the rest of the bundle (envelope and verification material fields), the statement's
// one-pass walk (JSON and hex digests), and the manifest checks (names, duplicates, root
// digest). No signature is verified. Run by bench/parse; not a user-facing tool.
import Foundation
import ModelHashing
import ModelSigning
import ModelSigningPlatform
import Sigstore

struct Failure: Error, CustomStringConvertible {
    let description: String
}

/// Best and median of one stage's runs, in seconds of CPU (what parsing costs, whatever else
/// the shared machine runs) and of wall time.
struct Timing {
    var cpu: [Double] = []
    var wall: [Double] = []

    var best: Double { cpu.min() ?? 0 }
    var median: Double { cpu.sorted()[cpu.count / 2] }
    var bestWall: Double { wall.min() ?? 0 }

    /// `self` less `other`, run by run (a stage timed only together with an earlier one).
    func minus(_ other: Timing) -> Timing {
        Timing(cpu: zip(cpu, other.cpu).map { max(0, $0 - $1) }, wall: zip(wall, other.wall).map { max(0, $0 - $1) })
    }
}

func time(_ runs: Int, _ body: () throws -> Void) rethrows -> Timing {
    var timing = Timing()
    for _ in 0..<runs {
        let start = ContinuousClock.now
        let startCPU = ProcessResources.cpuSeconds()
        try body()
        timing.cpu.append(ProcessResources.cpuSeconds() - startCPU)
        let elapsed = ContinuousClock.now - start
        timing.wall.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }
    return timing
}

func padded(_ text: String, _ width: Int) -> String {
    text + String(repeating: " ", count: max(0, width - text.count))
}

func run() throws {
    var arguments = Array(CommandLine.arguments.dropFirst())
    var runs = 9
    if let flag = arguments.firstIndex(of: "--repeat") {
        guard flag + 1 < arguments.count, let count = Int(arguments[flag + 1]), count > 0 else {
            throw Failure(description: "--repeat needs a positive count")
        }
        runs = count
        arguments.removeSubrange(flag...flag + 1)
    }
    guard arguments.count == 1 else {
        throw Failure(description: "usage: model-signing-parse-bench SIGNATURE [--repeat N]")
    }
    guard let data = FileManager.default.contents(atPath: arguments[0]) else {
        throw Failure(description: "cannot read \(arguments[0])")
    }
    let document = [UInt8](data)

    // Each stage's input, made once outside the timings.
    let bundle = try SigstoreBundle.parse(document)
    guard let payload = bundle.dsseEnvelope?.payload else { throw Failure(description: "the bundle holds no DSSE envelope") }
    let span = try document.withUnsafeBufferPointer { buffer in
        try JSONParser.parse(buffer, deferring: SigstoreBundle.payloadDeferral).deferred.first?.span
    }
    guard let span else { throw Failure(description: "the payload is too short to be read in place") }
    let manifest = try OMSStatement.manifest(fromPayload: payload)
    guard OMSStatementScanner.manifest(fromPayload: payload, maximumResourceCount: OMSStatement.maximumResourceCount) != nil else {
        throw Failure(description: "the one-pass statement reader declines this payload (the full parser would read it)")
    }

    let json = try time(runs) {
        _ = try document.withUnsafeBufferPointer { try JSONParser.parse($0, deferring: SigstoreBundle.payloadDeferral) }
    }
    let base64 = try time(runs) {
        guard document[span].withContiguousStorageIfAvailable({ Base64.decode(bytes: $0) }) != nil else {
            throw Failure(description: "the payload is not base64")
        }
    }
    let wholeBundle = try time(runs) { _ = try SigstoreBundle.parse(document) }
    let walk = time(runs) { _ = OMSStatementScanner.entryCount(fromPayload: payload) }
    let statement = try time(runs) { _ = try OMSStatement.manifest(fromPayload: payload) }
    let total = try time(runs) {
        let parsed = try SigstoreBundle.parse(document)
        _ = try OMSStatement.manifest(fromPayload: parsed.dsseEnvelope?.payload ?? [])
    }

    let megabytes = Double(document.count) / 1e6
    print("signature: \(document.count) bytes, payload \(payload.count) bytes, \(manifest.resources.count) resources")
    print("CPU time (user + sys) of \(runs) runs: median (best), share of the median total")
    let stages: [(String, Timing)] = [
        ("bundle JSON (all but the payload)", json),
        ("payload base64", base64),
        ("envelope and material fields", wholeBundle.minus(json).minus(base64)),
        ("statement walk (JSON, hex digests)", walk),
        ("manifest checks (names, duplicates, root digest)", statement.minus(walk)),
    ]
    let sum = stages.reduce(0) { $0 + $1.1.median }
    for (name, timing) in stages {
        let share = sum > 0 ? 100 * timing.median / sum : 0
        print(padded("  " + name, 52) + String(format: "%8.1f ms (%6.1f)  %5.1f %%", timing.median * 1e3, timing.best * 1e3, share))
    }
    print(String(format: "parse total: %.1f ms CPU (best %.1f; best wall %.1f ms) = %.0f MB/s of signature (best %.0f MB/s)",
                 total.median * 1e3, total.best * 1e3, total.bestWall * 1e3, megabytes / total.median, megabytes / total.best))
}

do {
    try run()
} catch {
    FileHandle.standardError.write(Data("model-signing-parse-bench: \(error)\n".utf8))
    exit(1)
}
