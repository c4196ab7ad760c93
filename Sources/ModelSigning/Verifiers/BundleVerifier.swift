import Sigstore

/// Checks a bundle's signature and signer and returns the verified payload. Model-level
/// checks (statement, re-hashing) are done by ``ModelVerifier`` on top.
public protocol BundleVerifier: Sendable {
    /// Checks the bundle's signature and signer; returns the verified DSSE payload bytes (the
    /// in-toto statement JSON).
    func verifiedPayload(of bundle: SigstoreBundle) async throws -> VerifiedPayload
}

/// A payload whose signature verified.
public struct VerifiedPayload: Sendable {
    /// The DSSE payload bytes (the in-toto statement JSON) whose signature verified.
    public var payload: [UInt8]
    /// Whether the signature only verified over model_signing v0.2's non-standard encoding.
    public var usedCompatibilityEncoding: Bool
    /// Who signed, for messages (a key hint, a certificate subject, an identity).
    public var signerDescription: String
    /// The bundle's RFC 3161 timestamps that verified against the trusted timestamp authorities.
    public var timestamps: [VerifiedTimestamp]
    /// How many of the bundle's timestamps were not checked (no timestamp authority was trusted).
    public var uncheckedTimestampCount: Int

    package init(payload: [UInt8], usedCompatibilityEncoding: Bool = false, signerDescription: String,
                 timestamps: [VerifiedTimestamp] = [], uncheckedTimestampCount: Int = 0) {
        self.payload = payload
        self.usedCompatibilityEncoding = usedCompatibilityEncoding
        self.signerDescription = signerDescription
        self.timestamps = timestamps
        self.uncheckedTimestampCount = uncheckedTimestampCount
    }
}
