import ModelHashing
import Sigstore

/// Why signing or verification failed. Printed, each case reads as one sentence naming the
/// problem and where it is.
public enum ModelSigningError: Error, Sendable, CustomStringConvertible {
    /// Reading or hashing the model failed.
    case hashing(ModelHashingError)
    /// The signature file is not a well-formed bundle.
    case malformedBundle(BundleError)
    /// A key file could not be used.
    case key(path: String?, reason: String)
    /// A certificate could not be used or is not trusted.
    case certificate(String)
    /// The bundle was made by another signing method, or for another key.
    case verificationMaterialMismatch(String)
    /// The signature does not verify.
    case invalidSignature(String)
    /// The signed statement is not a valid OMS statement.
    case invalidPayload(String)
    /// The model differs from what was signed.
    case modelMismatch(ModelMismatch)
    /// A file could not be read or written.
    case io(path: String, reason: String)
    /// The request itself is inconsistent (for example an ignore path outside the model).
    case invalidRequest(String)
    /// A signing service (keyless signing: OIDC, Fulcio, Rekor, a timestamp authority) failed;
    /// the text names the service and its answer.
    case signingService(String)
    /// An RFC 3161 timestamp in the signature does not verify against the trusted timestamp
    /// authorities, or proves a time the signer was not valid at.
    case timestamp(String)

    public var description: String {
        // Reasons embed names and fields from signatures and model files: shown escaped.
        DisplayText.message(rawDescription)
    }

    private var rawDescription: String {
        switch self {
        case .hashing(let error): return error.description
        case .malformedBundle(let error): return error.description
        case .key(let path, let reason): return path.map { "key \($0): \(reason)" } ?? "key: \(reason)"
        case .certificate(let reason): return "certificate: \(reason)"
        case .verificationMaterialMismatch(let reason): return reason
        case .invalidSignature(let reason): return "signature invalid: \(reason)"
        case .invalidPayload(let reason): return "signed statement invalid: \(reason)"
        case .modelMismatch(let mismatch): return mismatch.description
        case .io(let path, let reason): return "\(path): \(reason)"
        case .invalidRequest(let reason): return reason
        case .signingService(let reason): return reason
        case .timestamp(let reason): return "timestamp: \(reason)"
        }
    }
}

/// Every difference between a model and its signature.
public struct ModelMismatch: Sendable, Equatable, CustomStringConvertible {
    /// A resource whose digest differs.
    public struct Change: Sendable, Equatable {
        /// The resource (file or shard) name.
        public let name: String
        /// The digest the signature records, in hex.
        public let expectedDigest: String
        /// The digest of the model on disk, in hex.
        public let actualDigest: String
    }

    /// Signed resources not found in the model.
    public var missing: [String]
    /// Resources in the model that the signature does not list.
    public var extra: [String]
    /// Resources whose content changed.
    public var changed: [Change]

    /// Whether the model matched (nothing missing, extra or changed).
    public var isEmpty: Bool { missing.isEmpty && extra.isEmpty && changed.isEmpty }

    public var description: String {
        var parts: [String] = []
        if !missing.isEmpty { parts.append("missing files: " + missing.joined(separator: ", ")) }
        if !extra.isEmpty { parts.append("extra files not in the signature: " + extra.joined(separator: ", ")) }
        for change in changed {
            parts.append("hash mismatch for \(change.name): expected \(change.expectedDigest), actual \(change.actualDigest)")
        }
        return "model does not match its signature: " + parts.joined(separator: "; ")
    }
}
