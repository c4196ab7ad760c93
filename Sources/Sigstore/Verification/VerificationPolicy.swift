import Foundation

/// What a ``SigstoreVerifier`` requires of a bundle beyond its cryptography.
///
/// The defaults are those of the maintained Sigstore clients: a Fulcio certificate whose
/// identity matches, at least one transparency-log entry, a valid embedded SCT and at least one
/// verified time.
public struct VerificationPolicy: Sendable {
    /// Who may have signed.
    public enum Signer: Sendable {
        /// A Fulcio certificate chaining to the trusted root. With an ``IdentityPolicy`` its
        /// identity and issuer must match; `nil` accepts any identity (use only when the caller
        /// checks ``SigstoreVerificationResult/signer`` itself).
        case certificate(IdentityPolicy?)
        /// A public key given by the caller (bundles with `publicKey` verification material).
        case publicKey(TrustedPublicKey)
    }

    public var signer: Signer
    /// Require at least one transparency-log entry (every entry present is always verified).
    public var requireTransparencyLog: Bool = true
    /// Require a valid embedded SCT in the Fulcio certificate.
    public var requireSignedCertificateTimestamp: Bool = true
    /// Require an inclusion proof with a signed checkpoint even in a v0.1 bundle, whose format
    /// lets the signed entry timestamp stand alone. (v0.2 and later always require one.)
    public var requireInclusionProof: Bool = false
    /// Accept a v0.2/v0.3 `x509CertificateChain` that carries a root CA. Such certificates are
    /// never used to build the path (only the trusted root's are), but the Sigstore client
    /// specification says to reject the bundle, which is the default. v0.1 bundles, which
    /// older clients wrote with the whole chain, are always tolerated (as sigstore-go does).
    public var allowRootInCertificateChain: Bool = false
    /// How many verified times (RFC 3161 timestamps plus integrated times with a valid SET) a
    /// certificate-signed bundle needs.
    public var minimumTrustedTimes: Int = 1

    public init(signer: Signer, requireTransparencyLog: Bool = true, requireSignedCertificateTimestamp: Bool = true,
                requireInclusionProof: Bool = false, minimumTrustedTimes: Int = 1) {
        self.signer = signer
        self.requireTransparencyLog = requireTransparencyLog
        self.requireSignedCertificateTimestamp = requireSignedCertificateTimestamp
        self.requireInclusionProof = requireInclusionProof
        self.minimumTrustedTimes = minimumTrustedTimes
    }

    /// A keyless policy: the certificate's SAN must equal `identity` and its OIDC issuer `issuer`.
    public static func identity(_ identity: String, issuer: String) -> VerificationPolicy {
        VerificationPolicy(signer: .certificate(IdentityPolicy(identity: identity, issuer: issuer)))
    }

    /// A keyless policy with the given matchers.
    public static func identity(_ policy: IdentityPolicy) -> VerificationPolicy {
        VerificationPolicy(signer: .certificate(policy))
    }

    /// A policy for bundles signed with `key`. A transparency-log entry is verified when
    /// present but not required.
    public static func publicKey(_ key: TrustedPublicKey) -> VerificationPolicy {
        VerificationPolicy(signer: .publicKey(key), requireTransparencyLog: false, requireSignedCertificateTimestamp: false,
                           minimumTrustedTimes: 0)
    }
}

/// A public key the caller trusts, optionally only within a validity window (every verified
/// time must then fall inside it, and at least one is needed).
public struct TrustedPublicKey: Sendable {
    package let key: VerificationKey
    public var validity: ValidityPeriod?

    /// Reads a PEM `PUBLIC KEY` (text before the block is ignored).
    public init(pem: String, validity: ValidityPeriod? = nil) throws(SigstoreVerificationError) {
        do {
            key = try VerificationKey(pem: pem)
        } catch {
            throw SigstoreVerificationError(.trustMaterial, "public key: \(LibraryErrorText.problem(error))")
        }
        self.validity = validity
    }

    /// Reads a DER SubjectPublicKeyInfo.
    public init(der: [UInt8], validity: ValidityPeriod? = nil) throws(SigstoreVerificationError) {
        do {
            key = try VerificationKey(der: der)
        } catch {
            throw SigstoreVerificationError(.trustMaterial, "public key: \(LibraryErrorText.problem(error))")
        }
        self.validity = validity
    }

    /// The DER SubjectPublicKeyInfo.
    public var subjectPublicKeyInfo: [UInt8] { key.subjectPublicKeyInfo }
}
