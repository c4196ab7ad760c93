import X509

extension SigstoreVerifier {
    /// Step 3: the signer. A certificate must chain to a Fulcio CA at every trusted time, carry
    /// a valid SCT when the configuration requires one, and match the identity policy; a key
    /// must hold at every trusted time when it has a validity window. Either needs the
    /// configured number of trusted times.
    func verifySigner(_ signer: BundleSigner, policy signerPolicy: VerificationPolicy.Signer,
                      times: TrustedTimes) async throws(SigstoreVerificationError) -> SigstoreVerificationResult.Signer {
        guard let certificate = signer.certificate else {
            try checkKeyValidity(policy: signerPolicy, times: times)
            return .publicKey(subjectPublicKeyInfo: signer.key.subjectPublicKeyInfo)
        }
        let required = configuration.requiredTrustedTimes(certificateSigner: true)
        guard times.times.count >= required else {
            let detail = times.skipped.isEmpty ? "" : " (\(times.skipped.joined(separator: "; ")))"
            throw SigstoreVerificationError(
                .trustedTime,
                "\(times.times.count) verified time(s), \(required) required: the bundle needs a signed entry timestamp or a verified RFC 3161 timestamp\(detail)")
        }
        let validator = FulcioChainValidator(authorities: trustedRoot.certificateAuthorities)
        var chain: [Certificate] = []
        for time in times.times {
            chain = try await validator.validate(certificate, at: time.date, timeSource: time.source.label)
        }
        let requiredLogs = configuration.signedCertificateTimestampThreshold
        if requiredLogs > 0 {
            let verified = try SignedCertificateTimestamp.verifyEmbedded(in: certificate, chain: chain,
                                                                         logs: trustedRoot.certificateTransparencyLogs)
            let logs = Set(verified.map(\.logID)).count
            guard logs >= requiredLogs else {
                throw SigstoreVerificationError(
                    .signedCertificateTimestamp,
                    "valid SCTs from \(logs) certificate-transparency log(s), \(requiredLogs) distinct log(s) required by the configuration")
            }
        }
        let identity = try CertificateIdentity(certificate)
        if case .certificate(let identityPolicy?) = signerPolicy {
            try identityPolicy.check(identity)
        }
        return .certificate(certificate, identity: identity, chain: chain)
    }

    private func checkKeyValidity(policy signerPolicy: VerificationPolicy.Signer, times: TrustedTimes) throws(SigstoreVerificationError) {
        if case .publicKey(let trusted) = signerPolicy, let validity = trusted.validity {
            guard !times.times.isEmpty else {
                throw SigstoreVerificationError(.trustedTime, "the key has a validity window but the bundle has no verified time")
            }
            for time in times.times where !validity.contains(time.date) {
                throw SigstoreVerificationError(
                    .signerValidity,
                    "signature time \(RFC3339.string(time.date)) (\(time.source.label)) is outside the public key's validity window (\(validity))")
            }
        }
        let required = configuration.requiredTrustedTimes(certificateSigner: false)
        guard times.times.count >= required else {
            throw SigstoreVerificationError(.trustedTime, "\(times.times.count) verified time(s), \(required) required")
        }
    }
}
