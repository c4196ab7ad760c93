import Foundation
import Sigstore

/// Verifies keyless (Sigstore) model signatures: a Fulcio certificate whose identity and OIDC
/// issuer match, logged in Rekor, checked offline against a trusted root.
///
/// ```swift
/// let verifier = try SigstoreModelVerifier(identity: "name@example.com",
///                                          oidcIssuer: "https://accounts.example.com")
/// let result = try await ModelVerifier(verifier: verifier).verify(modelAt: "model", signatureAt: "model.sig")
/// ```
public struct SigstoreModelVerifier: BundleVerifier {
    /// The Sigstore bundle verifier (trusted root and policy) used for every bundle.
    public let verifier: SigstoreVerifier

    /// A verifier with an explicit trusted root and policy.
    public init(trustedRoot: TrustedRoot, policy: VerificationPolicy) {
        verifier = SigstoreVerifier(trustedRoot: trustedRoot, policy: policy)
    }

    /// A verifier for `identity` issued by `oidcIssuer` (both matched exactly), trusting the
    /// bundled production root, the bundled staging root (`useStaging`), or the trusted root of
    /// a client trust configuration file (`trustConfig`, which wins over `useStaging`).
    public init(identity: String, oidcIssuer: String, useStaging: Bool = false,
                trustConfig: String? = nil) throws(ModelSigningError) {
        let root: TrustedRoot
        do {
            if let trustConfig {
                root = try ClientTrustConfig(contentsOf: URL(fileURLWithPath: trustConfig)).trustedRoot
            } else {
                root = try useStaging ? TrustedRoot.staging() : TrustedRoot.production()
            }
        } catch {
            throw ModelSigningError(.invalidRequest, error.description, underlying: error)
        }
        self.init(trustedRoot: root, policy: .identity(identity, issuer: oidcIssuer))
    }

    public func verifiedPayload(of bundle: SigstoreBundle) async throws -> VerifiedPayload {
        try await verify(bundle)
    }

    func verify(_ bundle: SigstoreBundle) async throws(ModelSigningError) -> VerifiedPayload {
        switch bundle.verificationMaterial.signer {
        case .certificate, .x509CertificateChain: break
        case .publicKey:
            throw .verificationMaterialMismatch(
                "the signature was made with publicKey material, not a Sigstore certificate; use the matching verification method")
        }
        guard let envelope = bundle.dsseEnvelope else {
            throw .invalidPayload("the bundle holds a message signature, not a DSSE envelope")
        }
        guard envelope.payloadType == DSSEEnvelope.inTotoPayloadType else {
            throw .invalidPayload("DSSE payloadType is \(DisplayText.quoted(envelope.payloadType)), expected \(DisplayText.quoted(DSSEEnvelope.inTotoPayloadType))")
        }
        let result: SigstoreVerificationResult
        do {
            result = try await verifier.verifyDSSE(bundle)
        } catch {
            throw ModelSigningError(Self.code(for: error.check), error.description, underlying: error)
        }
        guard let payload = result.payload else {
            throw .invalidPayload("the bundle holds no DSSE payload")
        }
        let identity = result.identity
        let names = identity?.subjectAlternativeNames.joined(separator: ", ") ?? "unknown identity"
        return VerifiedPayload(payload: payload, signerDescription: "\(names) (issuer \(identity?.issuer ?? "unknown"))")
    }

    /// The code a failed Sigstore check is reported with; the failed check itself stays
    /// available as ``ModelSigningError/sigstoreCheck``.
    static func code(for check: SigstoreVerificationError.Check) -> ModelSigningError.Code {
        switch check {
        case .certificateChain: return .certificateChain
        case .signedCertificateTimestamp: return .signedCertificateTimestamp
        case .identity: return .identityMismatch
        case .signerValidity: return .certificate
        case .trustMaterial: return .invalidRequest
        default: return .invalidSignature
        }
    }
}
