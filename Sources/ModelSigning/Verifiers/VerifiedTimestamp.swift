import Foundation

/// An RFC 3161 timestamp of a signature that verified: its authority vouches that the
/// signature existed at ``time``.
public struct VerifiedTimestamp: Sendable, Equatable {
    /// The token's `genTime`.
    public var time: Date
    /// The authority that signed it, for messages (organization and common name of its
    /// certificate).
    public var authority: String

    /// A verified timestamp of `authority` at `time`.
    public init(time: Date, authority: String) {
        self.time = time
        self.authority = authority
    }
}
