/// Why keyless signing failed: which service or step, and what it answered.
public struct KeylessSigningError: Error, Sendable, CustomStringConvertible {
    /// The part of keyless signing that failed.
    public enum Stage: String, Sendable {
        case signingConfig = "signing config"
        case identityToken = "identity token"
        case oidc = "OIDC"
        case fulcio = "Fulcio"
        case rekor = "Rekor"
        case timestampAuthority = "timestamp authority"
        case bundleVerification = "bundle verification"
        case signing = "signing"
    }

    public var stage: Stage
    public var message: String

    public init(_ stage: Stage, _ message: String) {
        self.stage = stage
        self.message = message
    }

    public var description: String { message }
}
