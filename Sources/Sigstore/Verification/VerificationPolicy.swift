import Foundation

/// What a ``SigstoreVerifier`` requires of a bundle beyond its cryptography: who may have signed
/// (``signer``, the per-call identity policy) and what every bundle must carry
/// (``configuration``, the deployment's trust configuration).
///
/// The defaults are those of the maintained Sigstore clients: a Fulcio certificate whose
/// identity matches, at least one transparency-log entry, a valid embedded SCT and at least one
/// verified time. Every requirement of the configuration can be read and set on the policy
/// too (`policy.requireTransparencyLog = false`).
@dynamicMemberLookup
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

    /// Who may have signed: the per-call identity policy.
    public var signer: Signer
    /// What is required of every bundle beyond its signer (the deployment's trust
    /// configuration).
    public var configuration: VerifierConfiguration

    /// A policy from a signer and a configuration.
    ///
    /// - Parameters:
    ///   - signer: who may have signed.
    ///   - configuration: what every bundle must carry.
    public init(signer: Signer, configuration: VerifierConfiguration) {
        self.signer = signer
        self.configuration = configuration
    }

    /// A policy from a signer and the requirements of ``VerifierConfiguration``.
    ///
    /// - Parameters:
    ///   - signer: who may have signed.
    ///   - requireTransparencyLog: see ``VerifierConfiguration/requireTransparencyLog``.
    ///   - requireSignedCertificateTimestamp: see ``VerifierConfiguration/requireSignedCertificateTimestamp``.
    ///   - requireInclusionProof: see ``VerifierConfiguration/requireInclusionProof``.
    ///   - minimumTrustedTimes: see ``VerifierConfiguration/minimumTrustedTimes``.
    public init(signer: Signer, requireTransparencyLog: Bool = true, requireSignedCertificateTimestamp: Bool = true,
                requireInclusionProof: Bool = false, minimumTrustedTimes: Int = 1) {
        self.init(signer: signer,
                  configuration: VerifierConfiguration(requireTransparencyLog: requireTransparencyLog,
                                                       requireSignedCertificateTimestamp: requireSignedCertificateTimestamp,
                                                       requireInclusionProof: requireInclusionProof,
                                                       minimumTrustedTimes: minimumTrustedTimes))
    }

    /// Every requirement of ``configuration``, read and set on the policy itself
    /// (`policy.requireInclusionProof = true`, `policy.transparencyLogThreshold = 2`, …).
    public subscript<Value>(dynamicMember keyPath: WritableKeyPath<VerifierConfiguration, Value>) -> Value {
        get { configuration[keyPath: keyPath] }
        set { configuration[keyPath: keyPath] = newValue }
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
        VerificationPolicy(signer: .publicKey(key), configuration: .publicKey)
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
