import ModelHashing

/// What a successful verification established.
public struct VerificationResult: Sendable {
    /// The manifest the signature covers.
    public var signedManifest: Manifest
    /// Who signed (key hint, certificate subject or identity).
    public var signer: String
    /// Whether the signature only verified over model_signing v0.2's legacy encoding.
    public var usedCompatibilityEncoding: Bool
    /// Signed files that were not checked (partial verification); empty for a full check.
    public var uncheckedFiles: [ModelPath]
    /// RFC 3161 timestamps of the signature that verified (key and certificate methods with
    /// trusted timestamp authorities); empty when there were none or none were checked.
    public var timestamps: [VerifiedTimestamp]
    /// Timestamps the signature carries that were not checked, because no timestamp authority
    /// was trusted.
    public var uncheckedTimestampCount: Int

    /// A result; built by the verifiers.
    public init(signedManifest: Manifest, signer: String, usedCompatibilityEncoding: Bool = false,
                uncheckedFiles: [ModelPath] = [], timestamps: [VerifiedTimestamp] = [], uncheckedTimestampCount: Int = 0) {
        self.signedManifest = signedManifest
        self.signer = signer
        self.usedCompatibilityEncoding = usedCompatibilityEncoding
        self.uncheckedFiles = uncheckedFiles
        self.timestamps = timestamps
        self.uncheckedTimestampCount = uncheckedTimestampCount
    }

    /// A result for `manifest` from what the bundle verifier established.
    init(signedManifest: Manifest, verified: VerifiedPayload, uncheckedFiles: [ModelPath] = []) {
        self.init(signedManifest: signedManifest, signer: verified.signerDescription,
                  usedCompatibilityEncoding: verified.usedCompatibilityEncoding, uncheckedFiles: uncheckedFiles,
                  timestamps: verified.timestamps, uncheckedTimestampCount: verified.uncheckedTimestampCount)
    }
}
