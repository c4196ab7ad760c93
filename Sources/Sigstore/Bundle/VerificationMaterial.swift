/// The key or certificates a bundle's signature is checked with, plus transparency-log
/// entries and timestamps.
public struct VerificationMaterial: Sendable, Equatable {
    /// Who signed.
    public enum Signer: Sendable, Equatable {
        /// A public key identified by a hint. Bundles written before model_signing 1.1.0 also
        /// carry `rawBytes` (which held base64 of the PEM text) and `keyDetails`.
        case publicKey(hint: String?, rawBytes: [UInt8]?, keyDetails: String?)
        /// DER certificates, leaf first (bundles 0.1/0.2 and the certificate signing method).
        case x509CertificateChain([[UInt8]])
        /// One DER leaf certificate (bundle 0.3 keyless signatures).
        case certificate([UInt8])
    }

    public var signer: Signer
    public var tlogEntries: [TransparencyLogEntry]
    /// DER `TimeStampResp` or `TimeStampToken` blobs from `timestampVerificationData.rfc3161Timestamps`.
    public var rfc3161Timestamps: [[UInt8]]
    /// Whether `tlogEntries` was present in the document (an empty list counts as present).
    public var hasTlogEntriesField: Bool

    public init(signer: Signer, tlogEntries: [TransparencyLogEntry] = [], rfc3161Timestamps: [[UInt8]] = [],
                hasTlogEntriesField: Bool = true) {
        self.signer = signer
        self.tlogEntries = tlogEntries
        self.rfc3161Timestamps = rfc3161Timestamps
        self.hasTlogEntriesField = hasTlogEntriesField
    }

    /// A short name of the signer kind for messages: `publicKey`, `x509CertificateChain` or `certificate`.
    public var signerKindName: String {
        switch signer {
        case .publicKey: return "publicKey"
        case .x509CertificateChain: return "x509CertificateChain"
        case .certificate: return "certificate"
        }
    }
}

/// One transparency-log entry (`TransparencyLogEntry` in sigstore_rekor.proto).
public struct TransparencyLogEntry: Sendable, Equatable {
    public var logIndex: Int64
    public var logID: [UInt8]
    public var kind: String
    public var version: String
    /// Seconds since the epoch; Rekor v2 entries have none (absent or 0).
    public var integratedTime: Int64?
    /// The signed entry timestamp (SET) of Rekor v1.
    public var signedEntryTimestamp: [UInt8]?
    public var inclusionProof: InclusionProof?
    public var canonicalizedBody: [UInt8]

    public init(logIndex: Int64, logID: [UInt8], kind: String, version: String, integratedTime: Int64?,
                signedEntryTimestamp: [UInt8]?, inclusionProof: InclusionProof?, canonicalizedBody: [UInt8]) {
        self.logIndex = logIndex
        self.logID = logID
        self.kind = kind
        self.version = version
        self.integratedTime = integratedTime
        self.signedEntryTimestamp = signedEntryTimestamp
        self.inclusionProof = inclusionProof
        self.canonicalizedBody = canonicalizedBody
    }
}

/// A Merkle inclusion proof with its signed checkpoint.
public struct InclusionProof: Sendable, Equatable {
    /// The most audit-path hashes a bundle may hold: a leaf of a tree of up to 2^63 entries
    /// (log sizes are signed 64-bit) needs at most 63.
    public static let maximumHashCount = 64

    public var logIndex: Int64
    public var rootHash: [UInt8]
    public var treeSize: Int64
    public var hashes: [[UInt8]]
    /// The signed note text, when present.
    public var checkpoint: String?

    public init(logIndex: Int64, rootHash: [UInt8], treeSize: Int64, hashes: [[UInt8]], checkpoint: String?) {
        self.logIndex = logIndex
        self.rootHash = rootHash
        self.treeSize = treeSize
        self.hashes = hashes
        self.checkpoint = checkpoint
    }
}
