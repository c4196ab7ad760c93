import Foundation
@_spi(FixedExpiryValidationTime) import X509

/// Validates a Fulcio leaf to a certificate authority of the trusted root at a given time.
struct FulcioChainValidator {
    let authorities: [CertificateAuthority]

    /// Returns the validated chain (leaf first, root last) at `time`.
    ///
    /// Only the trusted root's certificates are used to build the path; certificates carried
    /// by the bundle are never trusted. The authority's own `validFor` must cover `time`.
    func validate(_ leaf: Certificate, at time: Date, timeSource: String) async throws(SigstoreVerificationError) -> [Certificate] {
        guard leaf.notValidBefore <= time, time <= leaf.notValidAfter else {
            throw SigstoreVerificationError(
                .signerValidity,
                "\(timeSource) \(RFC3339.string(time)) is outside the signing certificate's validity (\(RFC3339.string(leaf.notValidBefore)) to \(RFC3339.string(leaf.notValidAfter)))")
        }
        let candidates = authorities.filter { $0.validity.contains(time) }
        guard !candidates.isEmpty else {
            throw SigstoreVerificationError(
                .certificateChain, "no certificate authority of the trusted root is valid at \(timeSource) \(RFC3339.string(time))")
        }
        var reasons: [String] = []
        for authority in candidates {
            guard let root = authority.certificates.last else { continue }
            var verifier = Verifier(rootCertificates: CertificateStore([root])) {
                RFC5280Policy(fixedExpiryValidationTime: time)
                FulcioLeafPolicy()
            }
            let result = await verifier.validate(leaf: leaf, intermediates: CertificateStore(authority.certificates.dropLast()))
            switch result {
            case .validCertificate(let chain):
                return Array(chain)
            case .couldNotValidate(let failures):
                if failures.isEmpty {
                    reasons.append("\(authority.displayName): no path from the certificate (issuer \(leaf.issuer)) to this authority")
                } else {
                    reasons.append("\(authority.displayName): \(failures.map { $0.policyFailureReason.description }.joined(separator: "; "))")
                }
            }
        }
        if let problem = FulcioLeafPolicy.problem(with: leaf) {
            throw SigstoreVerificationError(.certificateChain, problem)
        }
        throw SigstoreVerificationError(
            .certificateChain,
            "the signing certificate does not chain to a Fulcio CA of the trusted root valid at \(timeSource) \(RFC3339.string(time)) (\(reasons.joined(separator: " | ")))")
    }
}
