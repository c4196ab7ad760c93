/// A misbehaviour a ``LocalSigstore`` can be told to show, to test that clients notice it.
///
/// Set one at a time with ``LocalSigstore/setFault(_:)``; `nil` restores normal behaviour.
public struct LocalSigstoreFault: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case fulcioUntrustedChain
        case fulcioCertificateForOtherKey
        case rekorEntryForOtherBody
        case rekorBadInclusionProof
        case rekorCheckpointWrongKey
        case tsaWrongDigest
        case down(LocalSigstoreService)
        case slow(LocalSigstoreService, seconds: Double)
        case status(LocalSigstoreService, code: Int)
    }

    let kind: Kind

    /// Fulcio issues the certificate from a CA that is not in the trusted root.
    public static let fulcioUntrustedChain = LocalSigstoreFault(kind: .fulcioUntrustedChain)
    /// Fulcio issues a certificate for a fresh key instead of the requested one.
    public static let fulcioCertificateForOtherKey = LocalSigstoreFault(kind: .fulcioCertificateForOtherKey)
    /// Rekor (v1 and v2) answers with a logged entry for another body than the one submitted.
    public static let rekorEntryForOtherBody = LocalSigstoreFault(kind: .rekorEntryForOtherBody)
    /// Rekor (v1 and v2) answers with an inclusion proof one of whose hashes is altered.
    public static let rekorBadInclusionProof = LocalSigstoreFault(kind: .rekorBadInclusionProof)
    /// Rekor (v1 and v2) signs its checkpoint with a key that is not in the trusted root
    /// (the signature line still names the trusted key's hash).
    public static let rekorCheckpointWrongKey = LocalSigstoreFault(kind: .rekorCheckpointWrongKey)
    /// The TSA timestamps another digest than the one in the request.
    public static let tsaWrongDigest = LocalSigstoreFault(kind: .tsaWrongDigest)

    /// The service stops listening (connections are refused) until the fault is cleared.
    public static func down(_ service: LocalSigstoreService) -> LocalSigstoreFault {
        LocalSigstoreFault(kind: .down(service))
    }

    /// The service waits `seconds` before answering each request.
    public static func slow(_ service: LocalSigstoreService, seconds: Double) -> LocalSigstoreFault {
        LocalSigstoreFault(kind: .slow(service, seconds: seconds))
    }

    /// The service answers every request with HTTP status `code` and a JSON error body.
    public static func status(_ service: LocalSigstoreService, code: Int) -> LocalSigstoreFault {
        LocalSigstoreFault(kind: .status(service, code: code))
    }
}
