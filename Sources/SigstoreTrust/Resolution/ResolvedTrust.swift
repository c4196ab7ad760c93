import Foundation
import Sigstore

/// The trust material verification or signing should use, and where it came from.
public struct ResolvedTrust: Sendable {
    /// Where the material came from.
    public enum Source: Sendable, Equatable {
        /// An explicit `--trusted-root` or `--trust-config` file.
        case explicit
        /// The instance's TUF cache, fresh under TUF's rules (no network used).
        case freshCache
        /// An online TUF update made just now.
        case updated
        /// The cache, although it is no longer fresh (the update failed or was skipped).
        case staleCache
        /// The trusted root shipped with this package.
        case embedded
    }

    public let trustedRoot: TrustedRoot
    /// `signing_config.v0.2.json` from the TUF repository (or the trust config), when known.
    public let signingConfigJSON: [UInt8]?
    public let source: Source
    /// A one-line warning for stderr when the material may be outdated.
    public let warning: String?
}
