/// What a deployment requires of every bundle, independent of who signed it: how many
/// transparency-log entries, certificate-transparency proofs and verified times a bundle must
/// carry, and which formats are tolerated.
///
/// This is the trust configuration of a ``SigstoreVerifier`` (sigstore-go calls it the
/// verifier config); the per-call identity policy is ``VerificationPolicy/Signer``. The
/// defaults are those of the maintained Sigstore clients for keyless bundles.
public struct VerifierConfiguration: Sendable, Equatable {
    /// Require at least one transparency-log entry (every entry present is always verified).
    public var requireTransparencyLog: Bool
    /// Require a valid embedded SCT in the Fulcio certificate.
    public var requireSignedCertificateTimestamp: Bool
    /// Require an inclusion proof with a signed checkpoint even in a v0.1 bundle, whose format
    /// lets the signed entry timestamp stand alone. (v0.2 and later always require one.)
    public var requireInclusionProof: Bool
    /// Accept a v0.2/v0.3 `x509CertificateChain` that carries a root CA. Such certificates are
    /// never used to build the path (only the trusted root's are), but the Sigstore client
    /// specification says to reject the bundle, which is the default. v0.1 bundles, which
    /// older clients wrote with the whole chain, are always tolerated (as sigstore-go does).
    public var allowRootInCertificateChain: Bool
    /// How many verified times (RFC 3161 timestamps plus integrated times with a valid SET) a
    /// bundle needs. A certificate-signed bundle always needs at least one, whatever this says.
    public var minimumTrustedTimes: Int

    /// A configuration; every parameter defaults to the keyless requirements of ``keyless``.
    ///
    /// - Parameters:
    ///   - requireTransparencyLog: whether a transparency-log entry is required.
    ///   - requireSignedCertificateTimestamp: whether the certificate must carry a valid SCT.
    ///   - requireInclusionProof: whether v0.1 bundles need an inclusion proof too.
    ///   - allowRootInCertificateChain: whether a bundle's certificate chain may carry a root CA.
    ///   - minimumTrustedTimes: how many verified times a bundle needs.
    public init(requireTransparencyLog: Bool = true, requireSignedCertificateTimestamp: Bool = true,
                requireInclusionProof: Bool = false, allowRootInCertificateChain: Bool = false, minimumTrustedTimes: Int = 1) {
        self.requireTransparencyLog = requireTransparencyLog
        self.requireSignedCertificateTimestamp = requireSignedCertificateTimestamp
        self.requireInclusionProof = requireInclusionProof
        self.allowRootInCertificateChain = allowRootInCertificateChain
        self.minimumTrustedTimes = minimumTrustedTimes
    }

    /// Keyless (Fulcio) bundles: a transparency-log entry, a valid SCT and one verified time.
    public static let keyless = VerifierConfiguration()

    /// Bundles signed with a caller's public key: a transparency-log entry is verified when
    /// present but not required, and no verified time is needed (unless the key has a validity
    /// window).
    public static let publicKey = VerifierConfiguration(requireTransparencyLog: false, requireSignedCertificateTimestamp: false,
                                                        minimumTrustedTimes: 0)

    /// The number of verified times a bundle signed by a certificate (`true`) or a key needs.
    func requiredTrustedTimes(certificateSigner: Bool) -> Int {
        certificateSigner ? max(minimumTrustedTimes, 1) : minimumTrustedTimes
    }
}
