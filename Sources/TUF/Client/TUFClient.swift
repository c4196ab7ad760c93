import Foundation

/// A TUF 1.0 client (the specification's detailed client workflow, §5) keeping its trusted
/// state in a `TUFStore`.
///
/// `update` refreshes root, timestamp, snapshot and targets from the repository and returns
/// the requested targets verified by length and hashes. Nothing is written to the store unless
/// the whole update succeeds, so a refused update leaves the previous trusted state usable.
/// `cachedState` checks the store alone, without the network: it succeeds only when the cached
/// metadata verifies and no role has expired.
public struct TUFClient: Sendable {
    public let configuration: TUFClientConfiguration
    public let store: TUFStore
    let fetcher: any TUFFetcher
    let clock: @Sendable () -> Date

    /// - Parameters:
    ///   - clock: the reference time source; fixed once per update, as TUF requires.
    public init(configuration: TUFClientConfiguration, store: TUFStore, fetcher: any TUFFetcher,
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.configuration = configuration
        self.store = store
        self.fetcher = fetcher
        self.clock = clock
    }

    /// Updates the trusted metadata and returns the requested targets.
    /// - Parameters:
    ///   - bootstrapRoot: the root to start from when the store has none (an embedded
    ///     `root.json`, or the one given to `trust-instance`).
    ///   - replacingTrustedRoot: start from `bootstrapRoot` even when the store has a root.
    ///   - targets: target paths to fetch (or take from the cache when they still match).
    ///   - optionalTargets: target paths fetched when some role lists them.
    public func update(bootstrapRoot: [UInt8]? = nil, replacingTrustedRoot: Bool = false, targets: [String],
                       optionalTargets: [String] = []) async throws(TUFError) -> TUFUpdateResult {
        let lock = try store.lock()
        defer { lock.unlock() }
        var session = try TUFSession(client: self, bootstrapRoot: bootstrapRoot, preferBootstrap: replacingTrustedRoot, online: true)
        try await session.updateRoot()
        try await session.updateTimestamp()
        try await session.updateSnapshot()
        try await session.updateTargets(role: "targets", delegator: nil)
        let files = try await session.targets(targets, optional: optionalTargets)
        try session.commit()
        return try session.result(targetFiles: files)
    }

    /// The cached trusted state, if it is fresh under TUF's rules at the clock's time: every
    /// role verifies, none has expired, versions chain, and the requested targets are cached
    /// and match. No network access.
    public func cachedState(targets: [String], optionalTargets: [String] = []) async throws(TUFError) -> TUFUpdateResult {
        var session = try TUFSession(client: self, bootstrapRoot: nil, preferBootstrap: false, online: false)
        try session.checkRootExpiry()
        try await session.updateTimestamp()
        try await session.updateSnapshot()
        try await session.updateTargets(role: "targets", delegator: nil)
        let files = try await session.targets(targets, optional: optionalTargets)
        return try session.result(targetFiles: files)
    }
}
