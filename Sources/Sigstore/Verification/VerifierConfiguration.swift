/// What a deployment requires of every bundle, independent of who signed it: how many
/// transparency-log entries, certificate-transparency proofs, RFC 3161 timestamps and verified
/// times a bundle must carry, and which formats are tolerated.
///
/// This is the trust configuration of a ``SigstoreVerifier`` (sigstore-go calls it the
/// verifier config); the per-call identity policy is ``VerificationPolicy/Signer``. The
/// requirements are thresholds with sigstore-go's meaning (`WithTransparencyLog(n)`,
/// `WithSignedCertificateTimestamps(n)`, `WithSignedTimestamps(n)`, `WithObserverTimestamps(n)`),
/// 0 meaning "not required". The defaults are those of the maintained Sigstore clients for
/// keyless bundles.
public struct VerifierConfiguration: Sendable, Equatable {
    /// How many distinct transparency logs must hold a verified entry for the bundle (0: none
    /// required; every entry present is always verified). As sigstore-go's `WithTransparencyLog`.
    public var transparencyLogThreshold: Int
    /// How many distinct certificate-transparency logs must have signed a valid SCT embedded in
    /// a Fulcio certificate (0: SCTs are not checked). As sigstore-go's
    /// `WithSignedCertificateTimestamps`.
    public var signedCertificateTimestampThreshold: Int
    /// How many verified RFC 3161 timestamps, from distinct timestamp authorities, the bundle
    /// needs (0: none required; every timestamp present is still verified). As sigstore-go's
    /// `WithSignedTimestamps`.
    public var signedTimestampThreshold: Int
    /// Require an inclusion proof with a signed checkpoint even in a v0.1 bundle, whose format
    /// lets the signed entry timestamp stand alone. (v0.2 and later always require one.)
    public var requireInclusionProof: Bool
    /// Accept a v0.2/v0.3 `x509CertificateChain` that carries a root CA. Such certificates are
    /// never used to build the path (only the trusted root's are), but the Sigstore client
    /// specification says to reject the bundle, which is the default. v0.1 bundles, which
    /// older clients wrote with the whole chain, are always tolerated (as sigstore-go does).
    public var allowRootInCertificateChain: Bool
    /// How many verified times (RFC 3161 timestamps plus integrated times with a valid SET) a
    /// bundle needs, as sigstore-go's `WithObserverTimestamps`. A certificate-signed bundle
    /// always needs at least one, whatever this says.
    public var minimumTrustedTimes: Int

    /// A configuration from thresholds; every parameter defaults to the keyless requirements
    /// of ``keyless``.
    ///
    /// - Parameters:
    ///   - transparencyLogThreshold: how many distinct logs must hold a verified entry.
    ///   - signedCertificateTimestampThreshold: how many distinct CT logs must have signed a valid SCT.
    ///   - signedTimestampThreshold: how many verified RFC 3161 timestamps (distinct authorities) are needed.
    ///   - requireInclusionProof: whether v0.1 bundles need an inclusion proof too.
    ///   - allowRootInCertificateChain: whether a bundle's certificate chain may carry a root CA.
    ///   - minimumTrustedTimes: how many verified times a bundle needs.
    public init(transparencyLogThreshold: Int = 1, signedCertificateTimestampThreshold: Int = 1, signedTimestampThreshold: Int = 0,
                requireInclusionProof: Bool = false, allowRootInCertificateChain: Bool = false, minimumTrustedTimes: Int = 1) {
        self.transparencyLogThreshold = transparencyLogThreshold
        self.signedCertificateTimestampThreshold = signedCertificateTimestampThreshold
        self.signedTimestampThreshold = signedTimestampThreshold
        self.requireInclusionProof = requireInclusionProof
        self.allowRootInCertificateChain = allowRootInCertificateChain
        self.minimumTrustedTimes = minimumTrustedTimes
    }

    /// A configuration from the yes/no requirements (a threshold of 1 or 0).
    ///
    /// - Parameters:
    ///   - requireTransparencyLog: whether a transparency-log entry is required.
    ///   - requireSignedCertificateTimestamp: whether the certificate must carry a valid SCT.
    ///   - requireInclusionProof: whether v0.1 bundles need an inclusion proof too.
    ///   - allowRootInCertificateChain: whether a bundle's certificate chain may carry a root CA.
    ///   - minimumTrustedTimes: how many verified times a bundle needs.
    public init(requireTransparencyLog: Bool, requireSignedCertificateTimestamp: Bool,
                requireInclusionProof: Bool = false, allowRootInCertificateChain: Bool = false, minimumTrustedTimes: Int = 1) {
        self.init(transparencyLogThreshold: requireTransparencyLog ? 1 : 0,
                  signedCertificateTimestampThreshold: requireSignedCertificateTimestamp ? 1 : 0,
                  requireInclusionProof: requireInclusionProof, allowRootInCertificateChain: allowRootInCertificateChain,
                  minimumTrustedTimes: minimumTrustedTimes)
    }

    /// Keyless (Fulcio) bundles: a transparency-log entry, a valid SCT and one verified time.
    public static let keyless = VerifierConfiguration()

    /// Bundles signed with a caller's public key: a transparency-log entry is verified when
    /// present but not required, and no verified time is needed (unless the key has a validity
    /// window).
    public static let publicKey = VerifierConfiguration(transparencyLogThreshold: 0, signedCertificateTimestampThreshold: 0,
                                                        minimumTrustedTimes: 0)

    /// Whether at least one transparency-log entry is required (``transparencyLogThreshold`` > 0);
    /// setting `true` keeps a higher threshold.
    public var requireTransparencyLog: Bool {
        get { transparencyLogThreshold > 0 }
        set { transparencyLogThreshold = newValue ? max(transparencyLogThreshold, 1) : 0 }
    }

    /// Whether a valid SCT is required (``signedCertificateTimestampThreshold`` > 0); setting
    /// `true` keeps a higher threshold.
    public var requireSignedCertificateTimestamp: Bool {
        get { signedCertificateTimestampThreshold > 0 }
        set { signedCertificateTimestampThreshold = newValue ? max(signedCertificateTimestampThreshold, 1) : 0 }
    }

    /// The number of verified times a bundle signed by a certificate (`true`) or a key needs.
    func requiredTrustedTimes(certificateSigner: Bool) -> Int {
        certificateSigner ? max(minimumTrustedTimes, 1) : minimumTrustedTimes
    }
}
