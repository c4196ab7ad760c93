import Foundation
import X509

/// What a successful verification established.
public struct SigstoreVerificationResult: Sendable {
    /// Who signed.
    public enum Signer: Sendable {
        /// A Fulcio certificate with its identity; `chain` is the validated chain (leaf first).
        case certificate(Certificate, identity: CertificateIdentity, chain: [Certificate])
        /// The caller's public key (DER SubjectPublicKeyInfo).
        case publicKey(subjectPublicKeyInfo: [UInt8])
    }

    /// A verified time and where it came from.
    public struct TrustedTime: Sendable, Equatable {
        public enum Source: Sendable, Equatable {
            /// An integrated time whose signed entry timestamp verified (Rekor v1).
            case transparencyLog(baseURL: String, logIndex: Int64)
            /// An RFC 3161 timestamp.
            case timestampAuthority(String)
        }

        public var date: Date
        public var source: Source
    }

    /// A transparency-log entry and what was checked of it.
    public struct LogEntry: Sendable {
        /// The log's base URL from the trusted root.
        public var logURL: String
        public var logIndex: Int64
        public var kind: String
        public var version: String
        public var integratedTime: Date?
        /// Whether a signed entry timestamp was verified.
        public var signedEntryTimestampVerified: Bool
        /// Whether an inclusion proof with a signed checkpoint was verified.
        public var inclusionProofVerified: Bool
        /// The checkpoint's origin and tree size, when verified.
        public var checkpointOrigin: String?
        public var treeSize: Int64?
    }

    /// What was signed.
    public enum Content: Sendable {
        /// A message signature over an artifact.
        case messageSignature(signature: [UInt8])
        /// A DSSE envelope: its payload type and payload (verified, but not interpreted).
        case dsse(payloadType: String, payload: [UInt8])
    }

    public var signer: Signer
    public var content: Content
    public var logEntries: [LogEntry]
    public var trustedTimes: [TrustedTime]
    /// RFC 3161 timestamps that were not counted, with the reason.
    public var skippedTimestamps: [String]

    /// The identity, for certificate signers.
    public var identity: CertificateIdentity? {
        if case .certificate(_, let identity, _) = signer { return identity }
        return nil
    }

    /// The DSSE payload, for DSSE bundles.
    public var payload: [UInt8]? {
        if case .dsse(_, let payload) = content { return payload }
        return nil
    }
}
