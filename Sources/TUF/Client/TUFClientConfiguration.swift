import Foundation

/// Where a TUF repository lives and the limits a client applies to it.
public struct TUFClientConfiguration: Sendable {
    /// The metadata URL (`N.root.json`, `timestamp.json`, … are fetched below it).
    public var metadataBaseURL: URL
    /// The targets URL.
    public var targetsBaseURL: URL
    /// The most root versions fetched in one update (a cap against endless rotation).
    public var maximumRootRotations = 256
    /// The most targets roles visited when searching delegations for one target.
    public var maximumDelegations = 32
    /// Size limits of metadata downloads whose length is not listed by a parent.
    public var rootMaximumLength = 512_000
    public var timestampMaximumLength = 16_384
    public var snapshotMaximumLength = 2_000_000
    public var targetsMaximumLength = 5_000_000
    /// With consistent snapshots, fetch targets as `<hash>.<name>` (TUF §5.7.3).
    public var prefixTargetsWithHash = true

    /// A repository whose metadata is at `metadataBaseURL` and targets at `targetsBaseURL`.
    public init(metadataBaseURL: URL, targetsBaseURL: URL) {
        self.metadataBaseURL = metadataBaseURL
        self.targetsBaseURL = targetsBaseURL
    }

    /// sigstore-python's layout: metadata at `URL/`, targets at `URL/targets/`.
    public init(repositoryURL: URL) {
        let base = repositoryURL.absoluteString.hasSuffix("/") ? repositoryURL.absoluteString : repositoryURL.absoluteString + "/"
        self.metadataBaseURL = URL(string: base) ?? repositoryURL
        self.targetsBaseURL = URL(string: base + "targets/") ?? repositoryURL.appendingPathComponent("targets")
    }

    func url(_ base: URL, _ relativePath: String) -> URL? {
        let text = base.absoluteString
        return URL(string: (text.hasSuffix("/") ? text : text + "/") + relativePath)
    }
}
