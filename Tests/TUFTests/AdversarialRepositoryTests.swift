import Crypto
import Foundation
import ModelSigningTestSupport
import Sigstore
import Testing
@testable import TUF

/// Repositories built by python-tuf 7.0.1 during the test, served on 127.0.0.1, attacked after
/// a first good update. Each attack must be refused with an error naming the role and the check,
/// leave the cache byte-for-byte as it was (and still usable), and python-tuf's own client must
/// reach the same verdict.
@Suite("TUF: adversarial repositories (python-tuf)", .enabled(if: TUFOracle.isEnabled))
struct AdversarialRepositoryTests {
    struct Attack: Sendable, CustomTestStringConvertible {
        let scenario: String
        let targets: [String]
        let role: String
        let check: TUFError.Check
        var testDescription: String { scenario }
    }

    static let attacks: [Attack] = [
        Attack(scenario: "root-signed-by-new-keys-only", targets: [], role: "root", check: .signature),
        Attack(scenario: "root-below-new-threshold", targets: [], role: "root", check: .signature),
        Attack(scenario: "key-removed", targets: [], role: "timestamp", check: .signature),
        Attack(scenario: "freeze-root", targets: [], role: "root", check: .expired),
        Attack(scenario: "freeze-timestamp", targets: [], role: "timestamp", check: .expired),
        Attack(scenario: "freeze-snapshot", targets: [], role: "snapshot", check: .expired),
        Attack(scenario: "freeze-targets", targets: [], role: "targets", check: .expired),
        Attack(scenario: "rollback-timestamp", targets: [], role: "timestamp", check: .rollback),
        Attack(scenario: "rollback-snapshot", targets: [], role: "snapshot", check: .rollback),
        Attack(scenario: "rollback-targets", targets: [], role: "snapshot", check: .rollback),
        Attack(scenario: "mix-and-match", targets: [], role: "targets", check: .version),
        Attack(scenario: "target-hash", targets: ["hello.txt"], role: "target hello.txt", check: .hash),
        Attack(scenario: "target-length", targets: ["hello.txt"], role: "target hello.txt", check: .length),
        Attack(scenario: "delegation-path", targets: ["other/data.txt"], role: "target other/data.txt", check: .unknownTarget),
    ]

    /// A repository after its first good update by both clients.
    struct Setup {
        let folder: TemporaryDirectory
        let server: LoopbackFileServer
        let client: TUFClient
        var repository: URL { folder.appending("repo") }
        var ourCache: URL { folder.appending("ours") }
        var pythonCache: URL { folder.appending("python") }

        static func make() async throws -> Setup {
            let folder = try TemporaryDirectory("tuf-adversarial")
            _ = try await TUFOracle.run(["init", folder.appending("repo").path])
            let server = try await LoopbackFileServer.start(serving: folder.appending("repo"))
            let configuration = TUFClientConfiguration(
                metadataBaseURL: server.baseURL.appendingPathComponent("repository/"),
                targetsBaseURL: server.baseURL.appendingPathComponent("targets/"))
            let client = TUFClient(configuration: configuration, store: TUFStore(directory: folder.appending("ours")),
                                   fetcher: HTTPFetcher(timeout: 120))
            let setup = Setup(folder: folder, server: server, client: client)
            do {
                let root = [UInt8](try Data(contentsOf: folder.appending("repo/initial_root.json")))
                let first = try await client.update(bootstrapRoot: root, targets: [])
                #expect(first.root.version == 1 && first.timestamp.version == 5 && first.snapshot.version == 5 && first.targets.version == 5)
                let python = try await TUFOracle.client(repository: setup.repository, baseURL: server.baseURL,
                                                        cache: setup.pythonCache, targets: [])
                #expect(python.ok && python.timestamp == 5)
            } catch {
                await setup.tearDown()
                throw error
            }
            return setup
        }

        /// The same repository and cache, with another per-request timeout.
        func client(timeout: Double) -> TUFClient {
            TUFClient(configuration: client.configuration, store: client.store, fetcher: HTTPFetcher(timeout: timeout))
        }

        func tearDown() async {
            await server.stop()
            folder.remove()
        }

        /// Every cached file and its bytes (the lock file aside).
        func cacheContents() throws -> [String: Data] {
            var contents: [String: Data] = [:]
            for path in try FileManager.default.subpathsOfDirectory(atPath: ourCache.path) where !path.hasSuffix(".lock") {
                var isDirectory: ObjCBool = false
                let full = ourCache.appendingPathComponent(path).path
                if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                    contents[path] = FileManager.default.contents(atPath: full)
                }
            }
            return contents
        }

        /// Updates and returns the refusal (nil when accepted).
        func refusal(targets: [String], using other: TUFClient? = nil) async -> TUFError? {
            do {
                _ = try await (other ?? client).update(targets: targets)
                return nil
            } catch {
                return error
            }
        }
    }

    @Test("attack refused, cache unchanged, python-tuf refuses too", arguments: attacks)
    func refusesAttack(_ attack: Attack) async throws {
        let setup = try await Setup.make()
        do {
            _ = try await TUFOracle.run(["attack", setup.repository.path, attack.scenario])
            let before = try setup.cacheContents()
            let refusal = await setup.refusal(targets: attack.targets)
            let error = try #require(refusal, "\(attack.scenario) was accepted")
            #expect(error.role == attack.role, "\(error)")
            #expect(error.check == attack.check, "\(error)")
            #expect(error.description.hasPrefix("\(attack.role): "))
            #expect(try setup.cacheContents() == before, "the refused update changed the cache")
            // The previous trust state is still usable offline.
            let cached = try await setup.client.cachedState(targets: [])
            #expect(cached.timestamp.version == 5)
            let python = try await TUFOracle.client(repository: setup.repository, baseURL: setup.server.baseURL,
                                                    cache: setup.pythonCache, targets: attack.targets)
            #expect(!python.ok, "python-tuf accepted \(attack.scenario)")
        } catch {
            await setup.tearDown()
            throw error
        }
        await setup.tearDown()
    }

    @Test("root rotation with a threshold change, and a regular release: both clients agree", arguments: ["rotate-root", "bump"])
    func acceptsLegitimateChanges(_ scenario: String) async throws {
        let setup = try await Setup.make()
        do {
            _ = try await TUFOracle.run(["attack", setup.repository.path, scenario])
            let targets = ["hello.txt", "team/data.txt"]
            let ours = try await setup.client.update(targets: targets)
            let python = try await TUFOracle.client(repository: setup.repository, baseURL: setup.server.baseURL,
                                                    cache: setup.pythonCache, targets: targets)
            #expect(python.ok, "python-tuf: \(python.error ?? "")")
            #expect(python.root == ours.root.version)
            #expect(python.timestamp == ours.timestamp.version)
            #expect(python.snapshot == ours.snapshot.version)
            #expect(python.targets == ours.targets.version)
            var digests: [String: String] = [:]
            for path in targets { digests[path] = ours.target(path).map { Hex.encode(SHA256.hash(data: $0)) } }
            #expect(python.files == digests)
            if scenario == "rotate-root" { #expect(ours.root.version == 2 && ours.timestamp.version == 6) }
        } catch {
            await setup.tearDown()
            throw error
        }
        await setup.tearDown()
    }

    @Test("endless data on timestamp.json is cut at the size limit")
    func endlessData() async throws {
        let setup = try await Setup.make()
        setup.server.inject(.endlessBody, forPathsEndingWith: "/timestamp.json")
        let before = try setup.cacheContents()
        let error = await setup.refusal(targets: [])
        let python = try await TUFOracle.client(repository: setup.repository, baseURL: setup.server.baseURL,
                                                cache: setup.pythonCache, targets: [])
        let after = try setup.cacheContents()
        await setup.tearDown()
        #expect(error?.role == "timestamp" && error?.check == .tooLarge, "\(String(describing: error))")
        #expect(after == before)
        #expect(!python.ok)
    }

    @Test("a server that stops answering: the update fails within its timeout")
    func serverStopsAnswering() async throws {
        let setup = try await Setup.make()
        setup.server.inject(.noAnswer, forPathsEndingWith: "/timestamp.json")
        let before = try setup.cacheContents()
        let start = ContinuousClock.now
        // 5 s per request: long enough that the answered root probe does not time out when the
        // in-process server is starved by a loaded machine (2 s did once in CI), short enough
        // to show the unanswered timestamp request is cut.
        let error = await setup.refusal(targets: [], using: setup.client(timeout: 5))
        let elapsed = ContinuousClock.now - start
        let after = try setup.cacheContents()
        await setup.tearDown()
        #expect(error?.role == "timestamp" && error?.check == .download, "\(String(describing: error))")
        // 5 s per request: the root probe and the unanswered timestamp, with room for a loaded
        // machine (and for a sanitizer's slowdown).
        #expect(elapsed < .seconds(30 * TestEnvironment.slowdown))
        #expect(after == before)
    }
}
