import Foundation
import Sigstore
import X509

/// Collects the RFC 3161 timestamps of a new signature for the key and certificate signers.
enum SignatureTimestamping {
    /// One timestamp over `signature` from each authority, in order, checked before any is
    /// used: a granted token over the SHA-256 of `signature` and, when `certificate` is given,
    /// with a time inside the certificate's validity (else verification would refuse it).
    ///
    /// - Throws: ``ModelSigningError/signingService(_:)`` naming the authority that failed.
    static func timestamps(over signature: [UInt8], from authorities: [any TimestampAuthority],
                           signingCertificate certificate: Certificate? = nil) async throws(ModelSigningError) -> [[UInt8]] {
        guard authorities.count <= TimestampVerifier.maximumCount else {
            throw .invalidRequest("at most \(TimestampVerifier.maximumCount) timestamp authorities can be used, \(authorities.count) were given")
        }
        var timestamps: [[UInt8]] = []
        for authority in authorities {
            let response: [UInt8]
            do {
                response = try await authority.timestampResponse(for: signature)
            } catch let error as ModelSigningError {
                throw error
            } catch {
                throw .signingService("timestamp authority \(authority.name): \(error)")
            }
            let token: TimeStampToken
            do {
                token = try TimeStampToken(response)
            } catch {
                throw .signingService("timestamp authority \(authority.name) answered with an unusable timestamp: \(error)")
            }
            guard token.imprintAlgorithm == .sha256, token.imprint == DigestAlgorithm.sha256.hash(signature) else {
                throw .signingService("timestamp authority \(authority.name) answered with a timestamp over another digest than the signature's")
            }
            if let certificate, !(certificate.notValidBefore...certificate.notValidAfter).contains(token.genTime) {
                throw .signingService("timestamp authority \(authority.name) gave the time \(RFC3339.string(token.genTime)), outside the signing certificate's validity (\(RFC3339.string(certificate.notValidBefore)) to \(RFC3339.string(certificate.notValidAfter)))")
            }
            timestamps.append(response)
        }
        return timestamps
    }
}
