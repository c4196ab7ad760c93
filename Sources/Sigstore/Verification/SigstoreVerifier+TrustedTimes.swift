import Foundation

extension SigstoreVerifier {
    /// The verified times of a bundle and what was not counted.
    struct TrustedTimes {
        var times: [SigstoreVerificationResult.TrustedTime] = []
        /// RFC 3161 timestamps not counted, with the reason.
        var skipped: [String] = []
        /// Indices of the log entries whose signed entry timestamp verified.
        var signedEntryTimestampVerified = Set<Int>()
    }

    /// Step 2: the RFC 3161 timestamps over `signatureBytes`, then the Rekor v1 integrated times
    /// whose signed entry timestamp verifies (not in the future, within the log's validity).
    func trustedTimes(of material: VerificationMaterial, over signatureBytes: [UInt8]) async throws(SigstoreVerificationError) -> TrustedTimes {
        var result = TrustedTimes()
        if !material.rfc3161Timestamps.isEmpty {
            guard !trustedRoot.timestampAuthorities.isEmpty else {
                throw SigstoreVerificationError(
                    .timestamp, "the bundle carries RFC 3161 timestamps but the trusted root names no timestamp authority")
            }
            let verifier = TimestampVerifier(authorities: trustedRoot.timestampAuthorities)
            for (index, token) in material.rfc3161Timestamps.enumerated() {
                switch try await verifier.verify(token, over: signatureBytes, label: "timestamp #\(index + 1)") {
                case .verified(let date, let authority):
                    result.times.append(.init(date: date, source: .timestampAuthority(authority.displayName)))
                case .skipped(let reason):
                    result.skipped.append(reason)
                }
            }
        }
        for (index, entry) in material.tlogEntries.enumerated() {
            guard let integratedTime = entry.integratedTime, integratedTime != 0, entry.signedEntryTimestamp != nil else { continue }
            let log = try transparencyLog(for: entry, check: .signedEntryTimestamp)
            let date = Date(timeIntervalSince1970: TimeInterval(integratedTime))
            guard date <= currentTime().addingTimeInterval(60) else {
                throw SigstoreVerificationError(
                    .signedEntryTimestamp, "integratedTime \(RFC3339.string(date)) of entry \(entry.logIndex) is in the future")
            }
            guard log.validity.contains(date) else {
                throw SigstoreVerificationError(
                    .signedEntryTimestamp,
                    "integratedTime \(RFC3339.string(date)) is outside the validity of log \(log.displayName) (\(log.validity))")
            }
            try SignedEntryTimestamp.verify(entry, log: log)
            result.signedEntryTimestampVerified.insert(index)
            result.times.append(.init(date: date, source: .transparencyLog(baseURL: log.baseURL, logIndex: entry.logIndex)))
        }
        try checkSignedTimestampThreshold(result)
        return result
    }

    /// Counts verified RFC 3161 timestamps once per authority, as sigstore-go does.
    private func checkSignedTimestampThreshold(_ times: TrustedTimes) throws(SigstoreVerificationError) {
        let required = configuration.signedTimestampThreshold
        guard required > 0 else { return }
        let authorities = Set(times.times.compactMap { time -> [UInt8]? in
            guard case .timestampAuthority(let name) = time.source else { return nil }
            return Array(name.utf8)
        })
        guard authorities.count >= required else {
            let detail = times.skipped.isEmpty ? "" : " (\(times.skipped.joined(separator: "; ")))"
            throw SigstoreVerificationError(
                .timestamp,
                "verified RFC 3161 timestamps from \(authorities.count) authority(ies), \(required) distinct authority(ies) required by the configuration\(detail)")
        }
    }
}

extension SigstoreVerificationResult.TrustedTime.Source: CustomStringConvertible {
    /// Where the time came from, for example `timestamp from Example TSA`.
    public var description: String { label }

    var label: String {
        switch self {
        case .transparencyLog(let url, let index): return "integratedTime of entry \(index) in \(url)"
        case .timestampAuthority(let name): return "timestamp from \(name)"
        }
    }
}
