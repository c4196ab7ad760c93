import Foundation
import Sigstore
@_spi(FixedExpiryValidationTime) import X509

/// Builds and validates a chain from a signing certificate through untrusted intermediates to
/// trust anchors (swift-certificates' `Verifier` with RFC 5280 rules plus
/// the certificate method's own: signing usage on the leaf, keyCertSign on issuers, validity
/// of every certificate at one validation time). CA signatures may be RSA (PKCS#1 v1.5;
/// RSA-PSS is not supported by swift-certificates) or ECDSA.
public struct CertificateChainVerifier: Sendable {
    /// Bundles with more certificates than this are refused before any chain building.
    public static let maximumChainLength = 10

    /// The certificates trusted without further proof.
    public var trustAnchors: [Certificate]
    /// When certificates must be valid; `nil` means the current time.
    public var validationTime: Date?

    /// A verifier trusting `trustAnchors`, checking validity at `validationTime` (now when nil).
    public init(trustAnchors: [Certificate], validationTime: Date? = nil) {
        self.trustAnchors = trustAnchors
        self.validationTime = validationTime
    }

    /// Validates `leaf` and returns the chain found, leaf first and trust anchor last.
    ///
    /// - Throws: ``ModelSigningError/certificate(_:)`` saying which rule failed, or that no
    ///   chain to the anchors exists.
    public func verify(leaf: Certificate, intermediates: [Certificate]) async throws(ModelSigningError) -> [Certificate] {
        guard !trustAnchors.isEmpty else { throw .certificate("no trust anchors were given") }
        guard intermediates.count < CertificateChainVerifier.maximumChainLength else {
            throw .certificate("the bundle holds \(intermediates.count + 1) certificates, more than the \(CertificateChainVerifier.maximumChainLength) accepted")
        }
        let time = validationTime ?? Date()
        let policy = SigningChainPolicy(validationTime: time)
        // Check the leaf's own rules first: its messages are clearer than "no chain found".
        try policy.check([leaf])
        var verifier = Verifier(rootCertificates: CertificateStore(trustAnchors)) {
            policy
            RFC5280Policy(fixedExpiryValidationTime: time)
        }
        let handled = Set(verifier.policy.verifyingCriticalExtensions)
        if let unhandled = leaf.extensions.first(where: { $0.critical && !handled.contains($0.oid) }) {
            throw .certificate("the signing certificate \(leaf.summary) has a critical extension this verifier does not understand (\(unhandled.oid))")
        }
        switch await verifier.validate(leaf: leaf, intermediates: CertificateStore(intermediates)) {
        case .validCertificate(let chain):
            return Array(chain)
        case .couldNotValidate(let failures):
            if let failure = failures.first {
                throw .certificateChain(failure.policyFailureReason.description)
            }
            let anchorNames = trustAnchors.prefix(5).map { DisplayText.quoted($0.subject.description) }.joined(separator: ", ")
                + (trustAnchors.count > 5 ? " and \(trustAnchors.count - 5) more" : "")
            throw .certificateChain("the signing certificate \(leaf.summary), issued by \(DisplayText.quoted(leaf.issuer.description)), does not chain to the trusted certificates (\(anchorNames)) through the \(intermediates.count) other certificate(s) in the signature")
        }
    }
}
