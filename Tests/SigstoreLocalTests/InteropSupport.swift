import Foundation
import ModelSigningTestSupport

/// Runs the real clients (sigstore-python, the reference model_signing, our CLI) off the
/// Swift concurrency pool: the in-process loopback services answer them from that pool, so a
/// blocked pool thread could starve them.
enum Interop {
    /// sigstore-python's CLI: `$MODEL_SIGNING_SIGSTORE_CLI`, else `<package>/.venv-sigstore/bin/sigstore`
    /// (made by scripts/setup-sigstore.sh, which scripts/setup.sh runs).
    static var sigstoreCLI: URL {
        if let path = ProcessInfo.processInfo.environment["MODEL_SIGNING_SIGSTORE_CLI"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return TestEnvironment.packageRoot.appendingPathComponent(".venv-sigstore/bin/sigstore")
    }

    static func run(_ executable: URL, _ arguments: [String], in directory: URL? = nil) async throws -> ProcessResult {
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw TestSupportError("\(executable.path) is missing (run scripts/setup.sh)")
        }
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try ProcessRunner.run(executable, arguments, in: directory) })
            }
        }
    }

    static func sigstore(_ arguments: [String], in directory: URL? = nil) async throws -> ProcessResult {
        try await run(sigstoreCLI, arguments, in: directory)
    }

    static func ours(_ arguments: [String], in directory: URL? = nil) async throws -> ProcessResult {
        guard let cli = TestEnvironment.cli else { throw TestSupportError("model-signing binary not found (set MODEL_SIGNING_CLI)") }
        return try await run(cli, arguments, in: directory)
    }

    static func reference(_ arguments: [String], in directory: URL? = nil) async throws -> ProcessResult {
        guard let cli = TestEnvironment.referenceCLI else { throw TestSupportError("reference model_signing not found (run scripts/setup.sh)") }
        return try await run(cli, arguments, in: directory)
    }
}

extension ProcessResult {
    /// Status and output, for failure messages.
    var summary: String { "status \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }
}
