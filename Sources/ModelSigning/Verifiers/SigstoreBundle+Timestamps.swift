import Sigstore

extension SigstoreBundle {
    /// Verifies every RFC 3161 timestamp of a key or certificate bundle against `authorities`:
    /// the message imprint is the SHA-256 of the DSSE signature bytes, the token's signature
    /// verifies with the authority's certificate, and that certificate chains to the
    /// authority's root at the token's time. With no authorities nothing is checked.
    ///
    /// - Returns: the verified timestamps, and how many were left unchecked (all of them when
    ///   `authorities` is empty, else none).
    /// - Throws: ``ModelSigningError/timestamp(_:)`` naming the timestamp and what failed,
    ///   including a token from an authority not in `authorities` or over other data.
    func verifiedTimestamps(trusting authorities: [CertificateAuthority]) async throws(ModelSigningError)
        -> (verified: [VerifiedTimestamp], unchecked: Int) {
        let tokens = verificationMaterial.rfc3161Timestamps
        guard !authorities.isEmpty else { return ([], tokens.count) }
        guard tokens.count <= TimestampVerifier.maximumCount else {
            throw .timestamp("the signature carries \(tokens.count) timestamps; at most \(TimestampVerifier.maximumCount) are accepted")
        }
        guard Set(tokens).count == tokens.count else {
            throw .timestamp("the signature carries the same timestamp twice")
        }
        guard let envelope = dsseEnvelope, let signature = envelope.signatures.first?.signature else {
            throw .invalidPayload("the bundle holds no DSSE signature to check timestamps against")
        }
        let verifier = TimestampVerifier(authorities: authorities)
        var verified: [VerifiedTimestamp] = []
        for (index, token) in tokens.enumerated() {
            do {
                let (date, authority) = try await verifier.verifiedTime(token, over: signature, label: "timestamp #\(index + 1)")
                verified.append(VerifiedTimestamp(time: date, authority: authority.displayName))
            } catch {
                throw .timestamp(error.reason)
            }
        }
        return (verified, 0)
    }
}
