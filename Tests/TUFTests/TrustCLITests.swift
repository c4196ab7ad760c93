import Crypto
import Foundation
import ModelSigningTestSupport
import Sigstore
import Testing

/// `model-signing trust-instance`, `trust update`, `trust show` and `verify --instance` against
/// a private instance whose TUF repository python-tuf builds and 127.0.0.1 serves; the cache
/// goes to a temporary $XDG_CACHE_HOME.
@Suite("TUF: trust commands", .enabled(if: TUFOracle.isEnabled && TestEnvironment.hasVectors && TestEnvironment.cli != nil))
struct TrustCLITests {
    static let trustedRoot = TestEnvironment.vector("sigstore/trust/production/trusted_root.json")
    static let signingConfig = TestEnvironment.vector("sigstore/trust/production/signing_config.v0.2.json")

    static func cli(_ arguments: [String], cache: URL) async throws -> ProcessResult {
        guard let binary = TestEnvironment.cli else { throw TestSupportError("model-signing binary not found") }
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result {
                    try ProcessRunner.run(binary, arguments, environment: ["XDG_CACHE_HOME": cache.path,
                                                                      // The loopback server shares this test process's threads with
                                                                      // every other suite; give it time when the machine is loaded.
                                                                      "MODEL_SIGNING_TUF_TIMEOUT": "120"])
                })
            }
        }
    }

    @Test("trust-instance, show --json, a refused update leaves the cache, verify --instance uses it")
    func privateInstanceLifecycle() async throws {
        let folder = try TemporaryDirectory("tuf-cli")
        defer { folder.remove() }
        let repository = folder.appending("repo")
        let cache = folder.appending("cache")
        _ = try await TUFOracle.run(["init", repository.path, Self.trustedRoot.path, Self.signingConfig.path])
        // sigstore-python's layout: metadata at URL/, targets at URL/targets/.
        try FileManager.default.createSymbolicLink(at: repository.appendingPathComponent("repository/targets"),
                                                   withDestinationURL: repository.appendingPathComponent("targets"))
        let server = try await LoopbackFileServer.start(serving: repository.appendingPathComponent("repository"))
        let url = server.baseURL.absoluteString
        do {
            let trust = try await Self.cli(["trust-instance", url, "--root", repository.appendingPathComponent("initial_root.json").path], cache: cache)
            #expect(trust.status == 0, "\(trust.stderr)")

            let show = try await Self.cli(["trust", "show", "--instance", url, "--json"], cache: cache)
            #expect(show.status == 0, "\(show.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
            #expect(object["root_version"] as? Int == 1)
            #expect(object["timestamp_version"] as? Int == 5)
            #expect(object["snapshot_version"] as? Int == 5)
            #expect(object["targets_version"] as? Int == 5)
            let expected = Hex.encode(SHA256.hash(data: try Data(contentsOf: Self.trustedRoot)))
            #expect(object["trusted_root_sha256"] as? String == expected)
            let services = try #require(object["services"] as? [String: [String]])
            #expect(services["caUrls"]?.contains("https://fulcio.sigstore.dev") == true)

            // Two processes updating the same cache at once (a new release in between): both succeed.
            _ = try await TUFOracle.run(["attack", repository.path, "bump"])
            async let first = Self.cli(["trust", "update", "--instance", url], cache: cache)
            async let second = Self.cli(["trust", "update", "--instance", url], cache: cache)
            let (one, two) = try await (first, second)
            #expect(one.status == 0 && two.status == 0, "\(one.stderr)\(two.stderr)")
            let bumped = try await Self.cli(["trust", "show", "--instance", url, "--json"], cache: cache)
            let bumpedObject = try #require(try JSONSerialization.jsonObject(with: Data(bumped.stdout.utf8)) as? [String: Any])
            #expect(bumpedObject["timestamp_version"] as? Int == 6 && bumpedObject["targets_version"] as? Int == 6)
            #expect(bumpedObject["fresh"] as? Bool == true)

            // A refused update (expired timestamp): exit 1, the TUF error, cache unchanged.
            _ = try await TUFOracle.run(["attack", repository.path, "freeze-timestamp"])
            let refused = try await Self.cli(["trust", "update", "--instance", url], cache: cache)
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("timestamp: version 7 expired at"), "\(refused.stderr)")
            let showAgain = try await Self.cli(["trust", "show", "--instance", url, "--json"], cache: cache)
            #expect(showAgain.stdout == bumped.stdout)

            // verify-bundle --instance: the cache is fresh, so no request reaches the server.
            server.resetRequestLog()
            let bundle = TestEnvironment.vector("oms/historical/v1.0.0-sigstore/model.sig").path
            let verify = try await Self.cli(["verify", "sigstore", TestEnvironment.vector("oms/historical/v1.0.0-sigstore").path,
                                             "--signature", bundle, "--identity", "stefanb@us.ibm.com",
                                             "--identity-provider", "https://sigstore.verify.ibm.com/oauth2",
                                             "--instance", url], cache: cache)
            #expect(verify.status == 0, "\(verify.stderr)")
            #expect(verify.stderr.isEmpty, "\(verify.stderr)")
            #expect(server.requestedPaths.isEmpty)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test("an unknown instance without a cache is refused with a clear message")
    func unknownInstance() async throws {
        let folder = try TemporaryDirectory("tuf-cli")
        defer { folder.remove() }
        let result = try await Self.cli(["verify-bundle", "sha256:" + String(repeating: "0", count: 64), "--bundle", "/nonexistent",
                                         "--key", "/nonexistent", "--instance", "http://127.0.0.1:9/", "--offline"],
                                        cache: folder.url)
        #expect(result.status == 1)
        let show = try await Self.cli(["trust", "show", "--instance", "http://127.0.0.1:9/"], cache: folder.url)
        #expect(show.status == 1)
        #expect(show.stderr.contains("nothing cached for http://127.0.0.1:9"))
    }
}
