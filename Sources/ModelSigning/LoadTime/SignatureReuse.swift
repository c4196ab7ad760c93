import ModelHashing

/// An earlier signature of a model whose digests a new signature may reuse (incremental
/// re-signing, ``ModelSigner/sign(modelAt:signatureAt:reusing:progress:)``).
///
/// Trust assumption: a file whose size matches what the earlier signature implies (known
/// only with `shards` serialization) and whose modification and status-change times are both
/// older than the earlier signature file's modification time is taken to be unchanged, and
/// its signed digests are copied without reading it. Anything else is hashed again. List in
/// ``changedPaths`` every file changed in a way its times do not show (for example a clock
/// set back, or a tool that restores times), or sign without reuse.
public struct SignatureReuse: Sendable {
    /// The earlier signature file. Its modification time marks "unchanged since".
    public var signaturePath: String
    /// Checks the earlier signature before anything is reused. Use the signer's own
    /// verification (for a key, ``KeyVerifier`` with the signing key's public key), so that a
    /// new signature only ever repeats digests this signer had already signed.
    public var verifier: any BundleVerifier
    /// Files to hash again whatever their size and times say (paths as in the signature).
    public var changedPaths: [ModelPath]

    /// Reuse of the signature at `signaturePath`, accepted only if `verifier` verifies it; `changedPaths` are re-hashed whatever their times.
    public init(signatureAt signaturePath: String, verifier: any BundleVerifier, changed changedPaths: [ModelPath] = []) {
        self.signaturePath = signaturePath
        self.verifier = verifier
        self.changedPaths = changedPaths
    }

    /// Reuse from a signature made with `signer`'s key (checked with ``KeyVerifier``).
    public init(signatureAt signaturePath: String, signer: KeySigner, changed changedPaths: [ModelPath] = []) {
        self.init(signatureAt: signaturePath, verifier: KeyVerifier(publicKey: signer.provider.signerPublicKey),
                  changed: changedPaths)
    }

    /// Reuse from a certificate signature made with the key of `signer`'s signing certificate
    /// (the earlier certificate may differ, for example renewed; chain and validity are not
    /// checked, since only the key's earlier signing of these digests matters).
    public init(signatureAt signaturePath: String, signer: CertificateSigner, changed changedPaths: [ModelPath] = []) {
        self.init(signatureAt: signaturePath, verifier: SameKeyCertificateVerifier(publicKey: signer.provider.signerPublicKey),
                  changed: changedPaths)
    }
}
