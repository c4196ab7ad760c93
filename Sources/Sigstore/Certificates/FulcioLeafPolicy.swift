import SwiftASN1
import X509

/// The Fulcio certificate profile for the leaf of a chain: not a CA, KeyUsage
/// digitalSignature, ExtendedKeyUsage codeSigning, and a SubjectAltName (which Fulcio marks
/// critical because the subject is empty; this policy declares it understood and requires it).
struct FulcioLeafPolicy: VerifierPolicy {
    let verifyingCriticalExtensions: [ASN1ObjectIdentifier] = [
        .X509ExtensionID.subjectAlternativeName,
        .X509ExtensionID.extendedKeyUsage,
    ]

    func chainMeetsPolicyRequirements(chain: UnverifiedCertificateChain) -> PolicyEvaluationResult {
        if let reason = FulcioLeafPolicy.problem(with: chain.leaf) {
            return .failsToMeetPolicy(reason: reason)
        }
        return .meetsPolicy
    }

    /// Why `leaf` does not fit the Fulcio profile, or nil when it does.
    static func problem(with leaf: Certificate) -> String? {
        do {
            if let constraints = try leaf.extensions.basicConstraints, case .isCertificateAuthority = constraints {
                return "the signing certificate is a CA certificate"
            }
            guard let keyUsage = try leaf.extensions.keyUsage else {
                return "the signing certificate has no KeyUsage extension"
            }
            guard keyUsage.digitalSignature else {
                return "the signing certificate's KeyUsage lacks digitalSignature"
            }
            guard let extendedKeyUsage = try leaf.extensions.extendedKeyUsage else {
                return "the signing certificate has no ExtendedKeyUsage extension"
            }
            guard extendedKeyUsage.contains(.codeSigning) else {
                return "the signing certificate's ExtendedKeyUsage lacks codeSigning"
            }
            guard let names = try leaf.extensions.subjectAlternativeNames, !names.isEmpty else {
                return "the signing certificate has no SubjectAltName"
            }
        } catch {
            return "the signing certificate has a malformed extension: \(LibraryErrorText.problem(error))"
        }
        return nil
    }
}
