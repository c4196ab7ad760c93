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

    /// A result; built by the verifiers.
    public init(signedManifest: Manifest, signer: String, usedCompatibilityEncoding: Bool = false,
                uncheckedFiles: [ModelPath] = []) {
        self.signedManifest = signedManifest
        self.signer = signer
        self.usedCompatibilityEncoding = usedCompatibilityEncoding
        self.uncheckedFiles = uncheckedFiles
    }
}
