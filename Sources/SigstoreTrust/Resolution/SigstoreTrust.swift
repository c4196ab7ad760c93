import Foundation
import Sigstore
import TUF

/// Keeps a Sigstore instance's trusted root fresh through TUF and picks the trust material
/// verification and signing use, in this order:
/// 1. an explicit trusted root or trust config (handled by the caller, or `ResolvedTrust.Source.explicit`);
/// 2. the instance's cache, when it is fresh under TUF's rules;
/// 3. an online TUF update, unless offline (short timeout);
/// 4. the stale cache, else the embedded root, with a one-line warning naming its age.
public enum SigstoreTrust {
    /// The TUF target holding the trusted root.
    public static let trustedRootTarget = "trusted_root.json"
    /// The TUF target holding the signing configuration.
    public static let signingConfigTarget = "signing_config.v0.2.json"

    /// A TUF client for `instance` over its cache.
    public static func client(for instance: SigstoreInstance, cacheBase: URL = TrustCache.baseDirectory(),
                              fetcher: any TUFFetcher = HTTPFetcher(),
                              clock: @escaping @Sendable () -> Date = { Date() }) -> TUFClient {
        TUFClient(configuration: TUFClientConfiguration(repositoryURL: instance.repositoryURL),
                  store: TrustCache.store(for: instance, base: cacheBase), fetcher: fetcher, clock: clock)
    }

    /// Updates the instance's cache online; throws the TUF refusal (the cache is then unchanged).
    @discardableResult
    public static func update(_ instance: SigstoreInstance, cacheBase: URL = TrustCache.baseDirectory(),
                              fetcher: any TUFFetcher = HTTPFetcher(),
                              clock: @escaping @Sendable () -> Date = { Date() }) async throws(TUFError) -> TUFUpdateResult {
        let tuf = client(for: instance, cacheBase: cacheBase, fetcher: fetcher, clock: clock)
        return try await tuf.update(bootstrapRoot: instance.embeddedTUFRoot, targets: [trustedRootTarget],
                                    optionalTargets: [signingConfigTarget])
    }

    /// Trusts a (private) instance from its initial TUF root and updates at once. The root is
    /// stored only if the update succeeds.
    @discardableResult
    public static func trustInstance(_ instance: SigstoreInstance, root: [UInt8], cacheBase: URL = TrustCache.baseDirectory(),
                                     fetcher: any TUFFetcher = HTTPFetcher(),
                                     clock: @escaping @Sendable () -> Date = { Date() }) async throws(TUFError) -> TUFUpdateResult {
        let tuf = client(for: instance, cacheBase: cacheBase, fetcher: fetcher, clock: clock)
        return try await tuf.update(bootstrapRoot: root, replacingTrustedRoot: true, targets: [trustedRootTarget],
                                    optionalTargets: [signingConfigTarget])
    }

    /// The cached state when fresh under TUF's rules (no network).
    public static func cached(_ instance: SigstoreInstance, cacheBase: URL = TrustCache.baseDirectory(),
                              clock: @escaping @Sendable () -> Date = { Date() }) async throws(TUFError) -> TUFUpdateResult {
        let tuf = client(for: instance, cacheBase: cacheBase, fetcher: OfflineFetcher(), clock: clock)
        return try await tuf.cachedState(targets: [trustedRootTarget], optionalTargets: [signingConfigTarget])
    }

    /// Picks the trust material for `instance` (see the type's documentation for the order).
    /// - Parameters:
    ///   - online: whether an online update may be tried when the cache is not fresh.
    ///   - timeout: seconds allowed per request of that update.
    ///   - warnWhenEmbedded: whether falling back to the embedded root without any cache warns.
    public static func resolve(instance: SigstoreInstance, online: Bool, timeout: Double = 5,
                               cacheBase: URL = TrustCache.baseDirectory(),
                               fetcher: (any TUFFetcher)? = nil, warnWhenEmbedded: Bool = true,
                               clock: @escaping @Sendable () -> Date = { Date() }) async throws(SigstoreVerificationError) -> ResolvedTrust {
        if let fresh = try? await cached(instance, cacheBase: cacheBase, clock: clock) {
            return try material(fresh, source: .freshCache, warning: nil)
        }
        var failure: String?
        if online {
            do {
                let result = try await update(instance, cacheBase: cacheBase, fetcher: fetcher ?? HTTPFetcher(timeout: timeout), clock: clock)
                return try material(result, source: .updated, warning: nil)
            } catch {
                failure = String(describing: error)
            }
        }
        let reason = failure.map { "TUF update failed (\($0))" } ?? "offline"
        let store = TrustCache.store(for: instance, base: cacheBase)
        let cachedFile = store.directory.appendingPathComponent("targets").appendingPathComponent(TUFStore.escape(trustedRootTarget))
        if let bytes = store.target(trustedRootTarget), let root = try? TrustedRoot(json: bytes) {
            let age = ageDescription(of: cachedFile, now: clock())
            return ResolvedTrust(trustedRoot: root, signingConfigJSON: store.target(signingConfigTarget), source: .staleCache,
                                 warning: "warning: \(reason); using the cached trusted root of \(instance.identifier) fetched \(age), which TUF no longer considers fresh")
        }
        guard let bundled = instance.bundled else {
            throw SigstoreVerificationError(.trustMaterial,
                "no trusted root for \(instance.identifier): \(reason), and nothing cached (run `model-signing trust-instance \(instance.identifier) --root ROOT.json`)")
        }
        let root = try TrustedRoot.bundled(bundled)
        let warning = warnWhenEmbedded || failure != nil
            ? "warning: \(reason); using the trusted root embedded in this release (TUF root \(embeddedRootSummary(instance)))"
            : nil
        return ResolvedTrust(trustedRoot: root, signingConfigJSON: nil, source: .embedded, warning: warning)
    }

    private static func material(_ result: TUFUpdateResult, source: ResolvedTrust.Source, warning: String?) throws(SigstoreVerificationError) -> ResolvedTrust {
        guard let bytes = result.target(trustedRootTarget) else {
            throw SigstoreVerificationError(.trustMaterial, "the TUF repository did not provide \(trustedRootTarget)")
        }
        return ResolvedTrust(trustedRoot: try TrustedRoot(json: bytes), signingConfigJSON: result.target(signingConfigTarget),
                             source: source, warning: warning)
    }

    static func ageDescription(of file: URL, now: Date) -> String {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: file.path),
              let modified = attributes[.modificationDate] as? Date else { return "at an unknown time" }
        let days = Int(now.timeIntervalSince(modified) / 86_400)
        return days <= 0 ? "today" : "\(days) day\(days == 1 ? "" : "s") ago"
    }

    static func embeddedRootSummary(_ instance: SigstoreInstance) -> String {
        guard let bytes = instance.embeddedTUFRoot, let summary = try? TUFRootSummary(bytes: bytes) else { return "unknown" }
        return "v\(summary.version), expires \(summary.expires)"
    }
}

/// A fetcher that never reaches the network, for offline checks.
struct OfflineFetcher: TUFFetcher {
    func fetch(_ url: URL, maximumLength: Int) async throws(TUFFetchError) -> [UInt8] {
        throw .transport(url: url.absoluteString, reason: "offline")
    }
}
