import Foundation
import ModelSigningTestSupport
import Sigstore
import Testing

/// The `sigstore-local` executable (what scripts/sigstore-local runs): writes the files with
/// `ready` last, serves, and on SIGTERM stops and removes `ready`.
@Suite struct SigstoreLocalExecutableTests {
    /// Beside our CLI (scripts/test builds both products).
    static var executable: URL? {
        TestEnvironment.cli?.deletingLastPathComponent().appendingPathComponent("sigstore-local")
    }

    @Test func runsUntilTerminated() async throws {
        let executable = try #require(Self.executable, "model-signing binary not found (set MODEL_SIGNING_CLI)")
        try #require(FileManager.default.isExecutableFile(atPath: executable.path),
                     "\(executable.path) is missing (scripts/test builds it: swift build --product sigstore-local)")
        let directory = try TemporaryDirectory("sigstore-local-exe")
        defer { directory.remove() }
        let state = directory.appending("state")
        let process = Process()
        process.executableURL = executable
        process.arguments = [state.path, "--rekor-version", "2"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        let ready = state.appendingPathComponent("ready")
        for _ in 0..<300 where !FileManager.default.fileExists(atPath: ready.path) {
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        try #require(FileManager.default.fileExists(atPath: ready.path), "no ready file after 30 s")
        for name in ["trust_config.json", "trust_config_rekor_v1.json", "trust_config_rekor_v2.json", "trusted_root.json",
                     "signing_config.json", "identity_token", "identity", "issuer"] {
            #expect(FileManager.default.fileExists(atPath: state.appendingPathComponent(name).path), "\(name)")
        }
        let signingConfig = try String(contentsOf: state.appendingPathComponent("signing_config.json"), encoding: .utf8)
        #expect(signingConfig.contains("\"majorApiVersion\":2"))
        _ = try ClientTrustConfig(contentsOf: state.appendingPathComponent("trust_config.json"))
        let issuer = try String(contentsOf: state.appendingPathComponent("issuer"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let discovery = try await LoopbackHTTP.get(issuer + "/.well-known/openid-configuration")
        #expect(discovery.status == 200 && discovery.json?["issuer"] as? String == issuer)

        process.terminate()
        for _ in 0..<100 where process.isRunning { try await Task.sleep(nanoseconds: 100_000_000) }
        #expect(!process.isRunning, "still running 10 s after SIGTERM")
        #expect(process.terminationStatus == 0)
        #expect(!FileManager.default.fileExists(atPath: ready.path))
        await #expect(throws: (any Error).self) { _ = try await LoopbackHTTP.request("GET", issuer + "/keys", timeout: 5) }
    }
}
