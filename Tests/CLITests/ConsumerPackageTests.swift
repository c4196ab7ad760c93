import Foundation
import ModelSigningTestSupport
import Testing

/// Builds `examples/consumer` against this package resolved BY VERSION from a tagged `file://`
/// git clone of HEAD — what SwiftPM does for a real user's `.package(url:from:)`, and what it
/// refuses for a package with `unsafeFlags` — then signs and verifies a model with it.
///
/// Slow (a fresh build of the dependencies in its own scratch path); set
/// `MODEL_SIGNING_SKIP_CONSUMER_TEST=1` to skip it on purpose.
@Suite("Consumer package", .serialized)
struct ConsumerPackageTests {
    static let skipped = ProcessInfo.processInfo.environment["MODEL_SIGNING_SKIP_CONSUMER_TEST"] == "1"
    /// The tag given to HEAD in the temporary clone.
    static let version = "0.0.1-consumer-test"

    @Test("examples/consumer resolves the package by version, builds, signs and verifies",
          .disabled(if: skipped, "MODEL_SIGNING_SKIP_CONSUMER_TEST=1"), .timeLimit(.minutes(30)))
    func consumerBuildsAndRuns() throws {
        let temporary = try TemporaryDirectory("consumer-test")
        defer { temporary.remove() }
        let root = TestEnvironment.packageRoot

        // A bare clone of this repository with HEAD tagged, as a release would be.
        let head = try Self.tool("git", ["-C", root.path, "rev-parse", "HEAD"]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let origin = temporary.appending("origin/swift-model-signing.git")
        try Self.tool("git", ["clone", "--quiet", "--bare", root.path, origin.path])
        try Self.tool("git", ["-C", origin.path, "tag", "--force", Self.version, head])

        // The consumer, its dependency line pointing at the tag.
        let consumer = temporary.appending("consumer")
        try FileManager.default.copyItem(at: root.appendingPathComponent("examples/consumer"), to: consumer)
        let manifestURL = consumer.appendingPathComponent("Package.swift")
        let manifest = try String(contentsOf: manifestURL, encoding: .utf8)
        let lines = manifest.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.contains("// consumer-test: dependency")
                ? "        .package(url: \"\(origin.absoluteString)\", from: \"\(Self.version)\"),"
                : String(line)
        }
        #expect(lines.joined(separator: "\n") != manifest, "examples/consumer/Package.swift lost its marker line")
        try lines.joined(separator: "\n").write(to: manifestURL, atomically: true, encoding: .utf8)

        let started = Date()
        let scratch = consumer.appendingPathComponent(".build")
        try Self.tool("swift", ["build", "--package-path", consumer.path, "--scratch-path", scratch.path],
                      timeout: 1500)
        print("consumer package: resolved and built in \(Int(Date().timeIntervalSince(started))) s")

        // Resolved by version, at the commit tested.
        let resolved = try String(contentsOf: consumer.appendingPathComponent("Package.resolved"), encoding: .utf8)
        #expect(resolved.contains("\"version\" : \"\(Self.version)\""), "\(resolved)")
        #expect(resolved.contains(head), "\(resolved)")

        // Sign and verify through the public API, then check our CLI accepts the signature.
        let binary = try Self.tool("swift", ["build", "--package-path", consumer.path, "--scratch-path",
                                             scratch.path, "--show-bin-path"]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let program = URL(fileURLWithPath: binary).appendingPathComponent("consumer")
        let keys = try temporary.writeKeyPair()
        let config = #"{"layers": 2}"#
        try temporary.write("model/config.json", config)
        try temporary.write("model/weights/part-0.bin", String(repeating: "w", count: 70_000))
        let model = temporary.appending("model").path
        let signature = temporary.appending("model.sig").path

        let sign = try ProcessRunner.run(program, ["sign", model, keys.privateKey, signature], timeout: 120)
        #expect(sign.succeeded, "\(sign.stderr)")
        let verify = try ProcessRunner.run(program, ["verify", model, keys.publicKey, signature, "config.json"],
                                           timeout: 120)
        #expect(verify.succeeded, "\(verify.stderr)")
        #expect(verify.stdout.contains("verified 2 files"), "\(verify.stdout)")
        #expect(verify.stdout.contains("read \(config.utf8.count) verified bytes of config.json"), "\(verify.stdout)")
        if TestEnvironment.hasCLI {
            let cli = try ProcessRunner.cli(["verify", "key", model, "--public-key", keys.publicKey,
                                             "--signature", signature])
            #expect(cli.succeeded, "\(cli.stderr)")
        }

        // A tampered model is refused, with the error on stderr.
        try temporary.write("model/config.json", #"{"layers": 3}"#)
        let tampered = try ProcessRunner.run(program, ["verify", model, keys.publicKey, signature], timeout: 120)
        #expect(tampered.status == 1)
        #expect(tampered.stderr.contains("config.json"), "\(tampered.stderr)")
    }

    /// Runs a command found on `PATH` and fails with its output when it does not succeed.
    @discardableResult
    static func tool(_ name: String, _ arguments: [String], timeout: Double = 120) throws -> ProcessResult {
        let result = try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/env"), [name] + arguments, timeout: timeout)
        guard result.succeeded else {
            throw TestSupportError("\(name) \(arguments.joined(separator: " ")) exited with \(result.status): \(result.stderr)")
        }
        return result
    }
}
