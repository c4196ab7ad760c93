/// Why a Sigstore bundle did not verify: the check that failed and the reason.
///
/// The description reads as one line, for example
/// `inclusion proof: the proof does not reach the checkpoint root (computed 1f…, checkpoint 5a…)`.
public struct SigstoreVerificationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The verification checks, each a stable value a caller can branch on.
    public enum Check: String, Sendable, Equatable, CaseIterable {
        /// The bundle's structure: media type, signer kind, log entries required by its version.
        case bundleStructure = "bundle structure"
        /// The trust material itself (trusted root, trust config, key files).
        case trustMaterial = "trust material"
        /// An RFC 3161 timestamp.
        case timestamp = "RFC 3161 timestamp"
        /// A Rekor v1 signed entry timestamp (inclusion promise).
        case signedEntryTimestamp = "signed entry timestamp"
        /// The set of trusted times as a whole (none, or fewer than required).
        case trustedTime = "trusted time"
        /// The Fulcio certificate chain.
        case certificateChain = "certificate chain"
        /// The embedded signed certificate timestamp (certificate transparency).
        case signedCertificateTimestamp = "signed certificate timestamp"
        /// The identity policy (SubjectAltName and OIDC issuer).
        case identity = "identity"
        /// A Merkle inclusion proof.
        case inclusionProof = "inclusion proof"
        /// A signed checkpoint.
        case checkpoint = "checkpoint"
        /// The trusted times against the signing certificate's or key's validity.
        case signerValidity = "signer validity"
        /// The signature over the artifact or the DSSE envelope.
        case signature = "signature"
        /// The transparency-log entry body against the bundle.
        case logEntryBody = "log entry body"
        /// The artifact (or its digest) against what was signed.
        case artifact = "artifact"
    }

    /// The check that failed.
    public let check: Check
    /// What was wrong, in words.
    public let reason: String

    public init(_ check: Check, _ reason: String) {
        self.check = check
        self.reason = reason
    }

    public var description: String { DisplayText.message("\(check.rawValue): \(reason)") }
}
