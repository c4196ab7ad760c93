/// Why a model card could not be read, or a model-card attestation could not be made or
/// verified. Printed, each case reads as one sentence naming the problem and the file.
public enum AttestationError: Error, Sendable, CustomStringConvertible {
    /// The model card cannot be parsed (not UTF-8, malformed YAML front matter, a field of the
    /// wrong shape).
    case malformedModelCard(path: String, reason: String)
    /// The attestation is not a model-card attestation we can read (wrong statement or BOM shape).
    case malformedAttestation(path: String, reason: String)
    /// The attestation's signature does not verify, or its signer is not the trusted one.
    case untrusted(path: String, reason: String)
    /// The attestation's subject is not the verified model's root digest.
    case otherModel(path: String, attested: String, model: String)
    /// The attestation's file list differs from the files the model signature covers.
    case fileListMismatch(path: String, missing: [String], extra: [String], changed: [String])
    /// The model card on disk differs from the one that was attested.
    case modelCardChanged(path: String, attested: String, actual: String)
    /// A model card was required but the attestation carries none, or no attestation was given.
    case modelCardMissing(String)
    /// Signing, verifying the signature, reading or writing failed.
    case signing(ModelSigningError)

    public var description: String {
        switch self {
        case .malformedModelCard(let path, let reason): return "model card \(path): \(reason)"
        case .malformedAttestation(let path, let reason): return "attestation \(path): \(reason)"
        case .untrusted(let path, let reason): return "attestation \(path) does not verify: \(reason)"
        case .otherModel(let path, let attested, let model):
            return "attestation \(path) is for another model: it attests sha256:\(attested), the verified model is sha256:\(model)"
                + " (or the model was hashed with other options: hash, shard size, ignored paths)"
        case .fileListMismatch(let path, let missing, let extra, let changed):
            var parts: [String] = []
            if !missing.isEmpty { parts.append("signed files it does not list: " + missing.joined(separator: ", ")) }
            if !extra.isEmpty { parts.append("files it lists that are not signed: " + extra.joined(separator: ", ")) }
            if !changed.isEmpty { parts.append("files whose digest differs: " + changed.joined(separator: ", ")) }
            return "attestation \(path) does not list the model's signed files: " + parts.joined(separator: "; ")
        case .modelCardChanged(let path, let attested, let actual):
            return "model card \(path) was edited after it was attested: attested sha256:\(attested), now sha256:\(actual)"
        case .modelCardMissing(let reason): return reason
        case .signing(let error): return error.description
        }
    }
}
