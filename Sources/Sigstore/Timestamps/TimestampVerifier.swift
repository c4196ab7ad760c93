import Foundation
import SwiftASN1
@_spi(FixedExpiryValidationTime) import X509

/// Verifies RFC 3161 timestamps against trusted timestamp authorities (a trusted root's, or
/// the chains given to the key and certificate verifiers of ModelSigning).
package struct TimestampVerifier: Sendable {
    /// The most timestamps a bundle may carry.
    package static let maximumCount = 32

    package let authorities: [CertificateAuthority]

    package init(authorities: [CertificateAuthority]) {
        self.authorities = authorities
    }

    /// The outcome for one timestamp.
    package enum Outcome {
        /// Verified: a trusted time.
        case verified(Date, CertificateAuthority)
        /// Not counted: no trusted authority signed it, or it is a genuine timestamp over other data.
        case skipped(String)
    }

    /// Verifies the timestamp `bytes` over `signature` (the bundle's signature bytes).
    ///
    /// Tampering is an error: a token that does not parse, a failed status, or a token that
    /// names a trusted authority as its signer but whose CMS signature, signed attributes or
    /// certificate chain do not verify. A token from an authority the trusted root does not
    /// list, or one that a trusted authority signed over other data, is skipped.
    package func verify(_ bytes: [UInt8], over signature: [UInt8], label: String) async throws(SigstoreVerificationError) -> Outcome {
        let token: TimeStampToken
        do {
            token = try TimeStampToken(bytes)
        } catch {
            throw SigstoreVerificationError(.timestamp, "\(label) is malformed: \(LibraryErrorText.problem(error))")
        }
        guard let authority = authorities.first(where: { $0.certificates.first.map(token.isSigned(by:)) ?? false }),
              let signingCertificate = authority.certificates.first else {
            let trusted = authorities.map(\.displayName).joined(separator: ", ")
            return .skipped("\(label) is not signed by a trusted timestamp authority (trusted: \(trusted))")
        }
        let name = authority.displayName
        // CMS integrity: signed attributes, then the signature over them.
        guard token.contentTypeAttribute == TimeStampToken.tstInfoOID else {
            throw SigstoreVerificationError(.timestamp, "\(label): the contentType attribute is not id-ct-TSTInfo")
        }
        guard let messageDigest = token.messageDigestAttribute,
              messageDigest == token.digestAlgorithm.hash(token.tstInfoDER) else {
            throw SigstoreVerificationError(.timestamp, "\(label): the messageDigest attribute does not match the TSTInfo")
        }
        guard let algorithm = token.signatureAlgorithm else {
            throw SigstoreVerificationError(.timestamp, "\(label): unsupported signature algorithm \(token.signatureAlgorithmOID)")
        }
        guard signingCertificate.publicKey.isValidSignature(token.signature, for: token.signedAttributesDER,
                                                            signatureAlgorithm: algorithm) else {
            throw SigstoreVerificationError(.timestamp, "\(label): signature invalid for timestamp authority \(name)")
        }
        // The authority's chain at genTime, and the authority's own validity.
        guard authority.validity.contains(token.genTime) else {
            throw SigstoreVerificationError(
                .timestamp, "\(label): genTime \(RFC3339.string(token.genTime)) is outside the validity of \(name) (\(authority.validity))")
        }
        try await validateChain(authority, at: token.genTime, label: label)
        // Finally: is this a timestamp over our signature?
        guard token.imprint == token.imprintAlgorithm.hash(signature) else {
            return .skipped("\(label) (signed by \(name)) is over other data: its message imprint is not the \(token.imprintAlgorithm.rawValue) of the signature")
        }
        return .verified(token.genTime, authority)
    }

    /// Verifies the timestamp `bytes` over `signature` and returns its time and authority;
    /// unlike ``verify(_:over:label:)``, a timestamp from an authority not trusted here or
    /// over other data is an error.
    package func verifiedTime(_ bytes: [UInt8], over signature: [UInt8], label: String) async throws(SigstoreVerificationError)
        -> (date: Date, authority: CertificateAuthority) {
        switch try await verify(bytes, over: signature, label: label) {
        case .verified(let date, let authority):
            return (date, authority)
        case .skipped(let reason):
            throw SigstoreVerificationError(.timestamp, reason)
        }
    }

    private func validateChain(_ authority: CertificateAuthority, at time: Date, label: String) async throws(SigstoreVerificationError) {
        guard let leaf = authority.certificates.first, let root = authority.certificates.last else { return }
        var verifier = Verifier(rootCertificates: CertificateStore([root])) {
            RFC5280Policy(fixedExpiryValidationTime: time)
            TimestampingLeafPolicy()
        }
        let result = await verifier.validate(leaf: leaf, intermediates: CertificateStore(authority.certificates.dropFirst().dropLast()))
        if case .couldNotValidate(let failures) = result {
            let reasons = failures.map { $0.policyFailureReason.description }.joined(separator: "; ")
            throw SigstoreVerificationError(
                .timestamp,
                "\(label): the chain of timestamp authority \(authority.displayName) is not valid at \(RFC3339.string(time))\(reasons.isEmpty ? "" : " (\(reasons))")")
        }
    }
}

/// The TSA signing certificate must allow time stamping (EKU `id-kp-timeStamping`, which RFC
/// 3161 requires to be critical).
struct TimestampingLeafPolicy: VerifierPolicy {
    let verifyingCriticalExtensions: [ASN1ObjectIdentifier] = [.X509ExtensionID.extendedKeyUsage]

    func chainMeetsPolicyRequirements(chain: UnverifiedCertificateChain) -> PolicyEvaluationResult {
        guard let usage = try? chain.leaf.extensions.extendedKeyUsage, usage.contains(.timeStamping) else {
            return .failsToMeetPolicy(reason: "the timestamp authority's certificate lacks the timeStamping extended key usage")
        }
        return .meetsPolicy
    }
}
