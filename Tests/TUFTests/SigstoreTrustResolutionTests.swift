import Foundation
import ModelSigningTestSupport
import Sigstore
import SigstoreTrust
import Testing
import TUF

/// `SigstoreTrust.resolve`: what verification falls back to when there is no fresh cache.
@Suite("TUF: trust resolution fallbacks")
struct SigstoreTrustResolutionTests {
    /// A network that never answers, without touching any real host.
    struct UnreachableFetcher: TUFFetcher {
        func fetch(_ url: URL, maximumLength: Int) async throws(TUFFetchError) -> [UInt8] {
            throw .transport(url: url.absoluteString, reason: "connection refused")
        }
    }

    @Test("update fails, nothing cached: the embedded root, with a one-line warning naming its age")
    func embeddedWithWarning() async throws {
        let folder = try TemporaryDirectory("tuf-resolve")
        defer { folder.remove() }
        let resolved = try await SigstoreTrust.resolve(instance: .production, online: true, cacheBase: folder.url,
                                                       fetcher: UnreachableFetcher())
        #expect(resolved.source == .embedded)
        let warning = try #require(resolved.warning)
        #expect(!warning.contains("\n"))
        #expect(warning.contains("TUF update failed"))
        #expect(warning.contains("connection refused"))
        #expect(warning.contains("embedded in this release (TUF root v15, expires 2026-11-20T13:58:18Z)"))
        // The refused update wrote nothing.
        #expect(try FileManager.default.subpathsOfDirectory(atPath: folder.path).allSatisfy { !$0.hasSuffix(".json") })
    }

    @Test("offline-first default: no network, embedded root without a warning when nothing is cached")
    func offlineFirstSilentEmbedded() async throws {
        let folder = try TemporaryDirectory("tuf-resolve")
        defer { folder.remove() }
        let resolved = try await SigstoreTrust.resolve(instance: .staging, online: false, cacheBase: folder.url,
                                                       fetcher: UnreachableFetcher(), warnWhenEmbedded: false)
        #expect(resolved.source == .embedded)
        #expect(resolved.warning == nil)
    }

    @Test("a private instance with nothing cached is refused with what to do")
    func privateInstanceUntrusted() async throws {
        let folder = try TemporaryDirectory("tuf-resolve")
        defer { folder.remove() }
        let instance = SigstoreInstance(repositoryURL: URL(string: "http://127.0.0.1:9/tuf")!)
        await #expect {
            _ = try await SigstoreTrust.resolve(instance: instance, online: false, cacheBase: folder.url)
        } throws: { error in
            "\(error)".contains("trust-instance http://127.0.0.1:9/tuf")
        }
    }

    @Test("the cache folder follows XDG_CACHE_HOME and escapes the URL into one name")
    func cacheLocation() {
        let base = TrustCache.baseDirectory(environment: ["XDG_CACHE_HOME": "/x/cache", "HOME": "/home/u"])
        #expect(base.path == "/x/cache/model-signing/tuf")
        #expect(TrustCache.store(for: .production, base: base).directory.lastPathComponent == "https%3A%2F%2Ftuf-repo-cdn.sigstore.dev")
        #if !os(macOS)
        #expect(TrustCache.baseDirectory(environment: ["HOME": "/home/u"]).path == "/home/u/.cache/model-signing/tuf")
        #endif
    }
}
