import Foundation
import X509

/// Verifies Sigstore bundles offline against a ``TrustedRoot`` and a ``VerificationPolicy``.
///
/// ```swift
/// let verifier = SigstoreVerifier(trustedRoot: try .production(),
///                                 policy: .identity("name@example.com", issuer: "https://accounts.example.com"))
/// let result = try await verifier.verify(bundle, artifact: .file(url))
/// ```
///
/// The policy has two parts, as in sigstore-go: the trust configuration
/// (``VerificationPolicy/configuration``: what every bundle must carry) fixed with the verifier,
/// and the signer (``VerificationPolicy/signer``: who may have signed), which
/// ``verify(_:artifact:signer:)`` can name per call.
///
/// The steps, in order: bundle structure; trusted times (RFC 3161 timestamps, and Rekor v1
/// integrated times whose signed entry timestamp verifies); the signer (the Fulcio chain at
/// every trusted time, the embedded SCT, the identity policy); the signature; then each
/// transparency-log entry in one pass (inclusion proof, signed checkpoint, body against the
/// bundle). Every failure is a ``SigstoreVerificationError`` naming the check. No network is used.
public struct SigstoreVerifier: Sendable {
    /// The Fulcio, Rekor, CT log and timestamp authority keys trusted.
    public let trustedRoot: TrustedRoot
    /// The trust configuration and the default signer policy.
    public let policy: VerificationPolicy
    let currentTime: @Sendable () -> Date

    /// A verifier trusting `trustedRoot` and requiring `policy` of every bundle.
    ///
    /// - Parameters:
    ///   - trustedRoot: the Fulcio, Rekor, CT log and timestamp authority keys to trust.
    ///   - policy: what the signer's identity must be, and which checks are required.
    ///   - currentTime: the clock used only to reject integrated times in the future;
    ///     certificates are validated at the bundle's trusted times, never now.
    public init(trustedRoot: TrustedRoot, policy: VerificationPolicy, currentTime: @escaping @Sendable () -> Date = { Date() }) {
        self.trustedRoot = trustedRoot
        self.policy = policy
        self.currentTime = currentTime
    }

    /// The trust configuration: what every bundle must carry, whoever signed it.
    public var configuration: VerifierConfiguration { policy.configuration }

    /// Verifies a bundle against an artifact, with the signer policy given at initialization.
    ///
    /// For a `messageSignature` bundle the signature must be over the artifact; for a DSSE
    /// bundle the payload type must be in-toto and the artifact's digest one of the statement's
    /// subjects.
    ///
    /// - Parameters:
    ///   - bundle: the parsed bundle.
    ///   - artifact: the signed file, bytes or digest.
    public func verify(_ bundle: SigstoreBundle, artifact: Artifact) async throws(SigstoreVerificationError) -> SigstoreVerificationResult {
        try await verify(bundle, artifact: artifact, signer: policy.signer)
    }

    /// Verifies a bundle against an artifact, requiring `signer` for this call only (the trust
    /// configuration stays the verifier's).
    ///
    /// - Parameters:
    ///   - bundle: the parsed bundle.
    ///   - artifact: the signed file, bytes or digest.
    ///   - signer: who must have signed this bundle.
    public func verify(_ bundle: SigstoreBundle, artifact: Artifact,
                       signer: VerificationPolicy.Signer) async throws(SigstoreVerificationError) -> SigstoreVerificationResult {
        let digests = try ArtifactDigests(artifact)
        let result = try await verifyBundle(bundle, artifact: digests, signerPolicy: signer)
        if case .dsse(let payloadType, let payload) = result.content {
            try InTotoSubjects.check(payloadType: payloadType, payload: payload, artifact: digests)
        }
        return result
    }

    /// Verifies a DSSE bundle and returns its verified payload (``SigstoreVerificationResult/payload``),
    /// without interpreting the payload.
    ///
    /// - Parameter bundle: a bundle holding a DSSE envelope.
    public func verifyDSSE(_ bundle: SigstoreBundle) async throws(SigstoreVerificationError) -> SigstoreVerificationResult {
        guard bundle.dsseEnvelope != nil else {
            throw SigstoreVerificationError(.bundleStructure, "the bundle holds a message signature, not a DSSE envelope")
        }
        return try await verifyBundle(bundle, artifact: nil, signerPolicy: policy.signer)
    }

    /// The steps in order; each lives in its own extension.
    private func verifyBundle(_ bundle: SigstoreBundle, artifact: ArtifactDigests?,
                              signerPolicy: VerificationPolicy.Signer) async throws(SigstoreVerificationError) -> SigstoreVerificationResult {
        let structure = try checkStructure(of: bundle, artifactGiven: artifact != nil, signerPolicy: signerPolicy)
        let times = try await trustedTimes(of: bundle.verificationMaterial, over: structure.signatureBytes)
        let signer = try await verifySigner(structure.signer, policy: signerPolicy, times: times)
        let signed = try verifySignature(of: bundle, signer: structure.signer, signatureBytes: structure.signatureBytes,
                                         artifact: artifact)
        let logEntries = try verifyTransparencyLog(bundle.verificationMaterial, version: structure.version, times: times,
                                                   signed: signed.material)
        return SigstoreVerificationResult(signer: signer, content: signed.content, logEntries: logEntries,
                                          trustedTimes: times.times, skippedTimestamps: times.skipped)
    }
}
