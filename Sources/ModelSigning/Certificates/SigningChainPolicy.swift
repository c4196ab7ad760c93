import Foundation
import Sigstore
import SwiftASN1
import X509

/// The chain rules of the certificate method that RFC 5280 path validation leaves open, in
/// the words users should see when they fail:
///
/// - every certificate is valid at the validation time;
/// - the leaf may sign (KeyUsage digitalSignature or ExtendedKeyUsage codeSigning);
/// - each issuing certificate that has a KeyUsage extension allows keyCertSign (as OpenSSL,
///   and so the reference, requires).
///
/// It also declares ExtendedKeyUsage and SubjectAlternativeName as understood critical
/// extensions, since it checks the former and identity constraints read the latter.
struct SigningChainPolicy: VerifierPolicy, Sendable {
    let verifyingCriticalExtensions: [ASN1ObjectIdentifier] = [
        .X509ExtensionID.extendedKeyUsage,
        .X509ExtensionID.subjectAlternativeName,
    ]

    let validationTime: Date

    func chainMeetsPolicyRequirements(chain: UnverifiedCertificateChain) -> PolicyEvaluationResult {
        do {
            try check(Array(chain))
            return .meetsPolicy
        } catch {
            let reason = error.certificateReason
            return .failsToMeetPolicy(reason: reason)
        }
    }

    func check(_ chain: [Certificate]) throws(ModelSigningError) {
        guard let leaf = chain.first else { throw .certificate("empty certificate chain") }
        try leaf.checkValidity(at: validationTime, role: "the signing certificate")
        try leaf.checkSigningUsage()
        for issuer in chain.dropFirst() {
            try issuer.checkValidity(at: validationTime, role: "the CA certificate")
            let keyUsage: KeyUsage?
            do {
                keyUsage = try issuer.extensions.keyUsage
            } catch {
                throw .certificate("the CA certificate \(issuer.summary) has a malformed key usage extension: \(LibraryErrorText.problem(error))")
            }
            if let keyUsage, !keyUsage.keyCertSign {
                throw .certificate("the CA certificate \(issuer.summary) is not allowed to sign certificates (its KeyUsage lacks keyCertSign)")
            }
        }
    }
}
