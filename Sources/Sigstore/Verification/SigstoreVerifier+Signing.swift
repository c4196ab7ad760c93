import Foundation
import X509

extension SigstoreVerifier {
    /// Checks a certificate a Fulcio CA just issued, before anything is signed with its key:
    /// the chain to a certificate authority of the trusted root at `time`, the Fulcio leaf
    /// profile and the embedded SCT. Returns the certificate's identity.
    public func verifyIssuedCertificate(_ leaf: Certificate, at time: Date = Date()) async throws(SigstoreVerificationError) -> CertificateIdentity {
        let validator = FulcioChainValidator(authorities: trustedRoot.certificateAuthorities)
        let chain = try await validator.validate(leaf, at: time, timeSource: "the signing time")
        _ = try SignedCertificateTimestamp.verifyEmbedded(in: leaf, chain: chain, logs: trustedRoot.certificateTransparencyLogs)
        return try CertificateIdentity(leaf)
    }

    /// Verifies an RFC 3161 timestamp response over `signature` against the timestamp
    /// authorities of the trusted root and returns its time. Unlike bundle verification, a
    /// timestamp from an unknown authority or over other data is an error here.
    public func verifyTimestamp(_ response: [UInt8], over signature: [UInt8], label: String = "the timestamp") async throws(SigstoreVerificationError) -> Date {
        guard !trustedRoot.timestampAuthorities.isEmpty else {
            throw SigstoreVerificationError(.timestamp, "the trusted root names no timestamp authority to check \(label) with")
        }
        return try await TimestampVerifier(authorities: trustedRoot.timestampAuthorities)
            .verifiedTime(response, over: signature, label: label).date
    }
}
