import Foundation
import ModelSigningTestSupport

/// python-tuf 7.0.1 (`.venv-tuf`, made by scripts/setup-tuf.sh) driving scripts/tuf_oracle.py:
/// builds and attacks repositories, and runs python-tuf's own client for comparison.
enum TUFOracle {
    static let python = TestEnvironment.packageRoot.appendingPathComponent(".venv-tuf/bin/python")
    static let script = TestEnvironment.packageRoot.appendingPathComponent("scripts/tuf_oracle.py")

    /// The venv exists, unless `MODEL_SIGNING_SKIP_TUF_ORACLE=1` opts out (otherwise a missing
    /// venv fails the tests, as CI must notice).
    static var isEnabled: Bool { ProcessInfo.processInfo.environment["MODEL_SIGNING_SKIP_TUF_ORACLE"] != "1" }

    /// Runs the oracle off Swift's cooperative pool (the loopback server needs those threads).
    static func run(_ arguments: [String]) async throws -> String {
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw TestSupportError("python-tuf venv missing at \(python.path): run scripts/setup-tuf.sh")
        }
        let result: ProcessResult = try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try ProcessRunner.run(python, [script.path] + arguments) })
            }
        }
        guard result.succeeded else {
            throw TestSupportError("tuf_oracle.py \(arguments.joined(separator: " ")) failed: \(result.stderr)")
        }
        return result.stdout
    }

    /// What python-tuf's client reached.
    struct ClientOutcome: Decodable, Equatable {
        let ok: Bool
        let root: Int?
        let timestamp: Int?
        let snapshot: Int?
        let targets: Int?
        let files: [String: String]?
        let error: String?
    }

    static func client(repository: URL, baseURL: URL, cache: URL, targets: [String]) async throws -> ClientOutcome {
        let output = try await run(["client", repository.path, baseURL.absoluteString, cache.path] + targets)
        let line = output.split(separator: "\n").last.map(String.init) ?? ""
        return try JSONDecoder().decode(ClientOutcome.self, from: Data(line.utf8))
    }
}
