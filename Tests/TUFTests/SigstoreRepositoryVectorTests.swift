import Crypto
import Foundation
import ModelSigningTestSupport
import Testing
@testable import TUF
import Sigstore

/// Sigstore's real public-good TUF repository (../shared/vectors/tuf), served on 127.0.0.1:
/// the outcomes listed in its README.
@Suite("TUF: Sigstore's real repository", .enabled(if: TestEnvironment.hasVectors))
struct SigstoreRepositoryVectorTests {
    static let repository = TestEnvironment.vector("tuf/sigstore-production")
    /// 2026-08-22T00:00:00Z, inside every role's validity.
    static let pinnedTime = Date(timeIntervalSince1970: 1_787_356_800)

    static func rootBytes(_ version: Int) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: repository.appendingPathComponent("repository/\(version).root.json")))
    }

    static func client(server: LoopbackFileServer, cache: URL, time: Date) -> TUFClient {
        let configuration = TUFClientConfiguration(
            metadataBaseURL: server.baseURL.appendingPathComponent("repository/"),
            targetsBaseURL: server.baseURL.appendingPathComponent("targets/"))
        return TUFClient(configuration: configuration, store: TUFStore(directory: cache),
                         fetcher: HTTPFetcher(timeout: 120), clock: { time })
    }

    @Test("root 5 → 15, timestamp 762, snapshot 165, targets 14, delegation v8, trusted_root.json digest")
    func updatesFromRoot5AtPinnedTime() async throws {
        let server = try await LoopbackFileServer.start(serving: Self.repository)
        let cache = try TemporaryDirectory("tuf-vectors")
        defer { cache.remove() }
        let client = Self.client(server: server, cache: cache.url, time: Self.pinnedTime)
        do {
            let result = try await client.update(bootstrapRoot: try Self.rootBytes(5),
                                                 targets: ["trusted_root.json", "registry.npmjs.org/keys.json"])
            #expect(result.root.version == 15)
            #expect(result.timestamp.version == 762)
            #expect(result.snapshot.version == 165)
            #expect(result.targets.version == 14)
            let trustedRoot = try #require(result.target("trusted_root.json"))
            #expect(Hex.encode(SHA256.hash(data: trustedRoot)) == "6494e21ea73fa7ee769f85f57d5a3e6a08725eae1e38c755fc3517c9e6bc0b66")
            // The delegated role was fetched at its listed version and verified with the delegation's key.
            #expect(server.requestedPaths.contains("/repository/8.registry.npmjs.org.json"))
            #expect(result.target("registry.npmjs.org/keys.json") != nil)
            // Roots 6…15 were each fetched once, and 16 was asked for and not found.
            #expect((6...16).allSatisfy { version in server.requestedPaths.contains("/repository/\(version).root.json") })

            // The cache is fresh at the same time, without the network.
            let cached = try await client.cachedState(targets: ["trusted_root.json"])
            #expect(cached.root.version == 15 && cached.timestamp.version == 762 && cached.requests == 0)
            // What a fresh cache adds to verification: reading and checking it (best of 10).
            var best = Duration.seconds(60)
            for _ in 0..<10 {
                let begin = ContinuousClock.now
                _ = try await client.cachedState(targets: ["trusted_root.json"])
                best = min(best, ContinuousClock.now - begin)
            }
            print("TUF fresh-cache check (root, timestamp, snapshot, targets, trusted_root.json): \(best)")

            // A no-op update: 16.root.json (404) and timestamp.json only.
            server.resetRequestLog()
            let start = ContinuousClock.now
            let again = try await client.update(targets: ["trusted_root.json"])
            let elapsed = ContinuousClock.now - start
            #expect(again.requests <= 3)
            #expect(server.requestedPaths == ["/repository/16.root.json", "/repository/timestamp.json"])
            print("TUF no-op update over loopback: \(again.requests) requests, \(elapsed)")
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test("refused at today's date: the final root (v15) and the timestamp are expired; cache untouched")
    func refusesAtTodaysDate() async throws {
        let server = try await LoopbackFileServer.start(serving: Self.repository)
        let cache = try TemporaryDirectory("tuf-vectors")
        defer { cache.remove() }
        let client = Self.client(server: server, cache: cache.url, time: Date())
        let outcome: TUFError?
        do {
            _ = try await client.update(bootstrapRoot: try Self.rootBytes(5), targets: ["trusted_root.json"])
            outcome = nil
        } catch let error as TUFError {
            outcome = error
        }
        await server.stop()
        let error = try #require(outcome, "the update must be refused after 2026-08-28T19:25:56Z")
        #expect(error.check == .expired)
        #expect(error.role == "root")
        #expect(error.description == "root: version 15 expired at 2026-11-20T13:58:18Z (freeze attack protection)")
        // Nothing was written: no root, no metadata, no targets.
        let written = try FileManager.default.subpathsOfDirectory(atPath: cache.path).filter { !$0.hasSuffix(".lock") && $0 != "targets" }
        #expect(written.isEmpty, "cache changed: \(written)")
    }

    @Test("the timestamp alone is expired at 2026-09-01 (root 15 still valid)")
    func refusesExpiredTimestamp() async throws {
        let server = try await LoopbackFileServer.start(serving: Self.repository)
        let cache = try TemporaryDirectory("tuf-vectors")
        defer { cache.remove() }
        let client = Self.client(server: server, cache: cache.url, time: Date(timeIntervalSince1970: 1_788_220_800))
        var outcome: TUFError?
        do {
            _ = try await client.update(bootstrapRoot: try Self.rootBytes(5), targets: ["trusted_root.json"])
        } catch let error as TUFError {
            outcome = error
        }
        await server.stop()
        #expect(outcome?.description == "timestamp: version 762 expired at 2026-08-28T19:25:56Z (freeze attack protection)")
    }

    @Test("starting from root 15: no root update, same targets")
    func startsFromRoot15() async throws {
        let server = try await LoopbackFileServer.start(serving: Self.repository)
        let cache = try TemporaryDirectory("tuf-vectors")
        defer { cache.remove() }
        let client = Self.client(server: server, cache: cache.url, time: Self.pinnedTime)
        let result: TUFUpdateResult
        do {
            result = try await client.update(bootstrapRoot: try Self.rootBytes(15), targets: ["trusted_root.json"])
        } catch {
            await server.stop()
            throw error
        }
        let requested = server.requestedPaths
        await server.stop()
        #expect(result.root.version == 15)
        #expect(requested.first == "/repository/16.root.json")
        #expect(Hex.encode(SHA256.hash(data: try #require(result.target("trusted_root.json"))))
                == "6494e21ea73fa7ee769f85f57d5a3e6a08725eae1e38c755fc3517c9e6bc0b66")
    }
}
