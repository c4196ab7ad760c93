import Foundation

/// Why a TUF update or a target download was refused. The description names the role (or
/// target) and the check that failed, for example
/// `timestamp: expired at 2026-08-28T19:25:56Z (freeze attack protection)`.
public struct TUFError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The check that failed.
    public enum Check: String, Sendable, Equatable {
        /// The document is not valid metadata (JSON, fields, types, `_type`, spec version).
        case malformed
        /// Fewer valid signatures than the role's threshold.
        case signature
        /// The version is not the one required (root N+1, or the version listed by the parent).
        case version
        /// The version is lower than the trusted one (rollback attack).
        case rollback
        /// The metadata is expired at the reference time (freeze attack).
        case expired
        /// The length differs from the one listed by the parent.
        case length
        /// A hash differs from the one listed by the parent.
        case hash
        /// A download exceeded its size limit (endless-data attack).
        case tooLarge
        /// A download failed (connection, timeout, HTTP status).
        case download
        /// More root rotations than the configured cap.
        case rotationLimit
        /// The target is not listed by any role allowed to list it.
        case unknownTarget
        /// Local storage failed (read, write, lock).
        case storage
        /// A required trust anchor is missing.
        case untrusted
    }

    /// The role (`root`, `timestamp`, a delegated role name) or `target <path>`.
    public let role: String
    /// The check that failed.
    public let check: Check
    /// What was found, in words.
    public let detail: String

    public init(role: String, check: Check, _ detail: String) {
        self.role = role
        self.check = check
        self.detail = detail
    }

    public var description: String { "\(role): \(detail)" }
}
