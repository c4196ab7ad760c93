import Foundation

extension SigstoreVerifier {
    /// Step 5: every transparency-log entry in one pass — its log in the trusted root, its
    /// inclusion proof and signed checkpoint, and its body against what was signed.
    func verifyTransparencyLog(_ material: VerificationMaterial, version: SigstoreBundle.BundleVersion, times: TrustedTimes,
                               signed: SignedMaterial) throws(SigstoreVerificationError) -> [SigstoreVerificationResult.LogEntry] {
        var logEntries: [SigstoreVerificationResult.LogEntry] = []
        for (index, entry) in material.tlogEntries.enumerated() {
            var verified = SigstoreVerificationResult.LogEntry(
                logURL: "", logIndex: entry.logIndex, kind: entry.kind, version: entry.version,
                integratedTime: entry.integratedTime.flatMap { $0 == 0 ? nil : Date(timeIntervalSince1970: TimeInterval($0)) },
                signedEntryTimestampVerified: times.signedEntryTimestampVerified.contains(index), inclusionProofVerified: false)
            let log = try transparencyLog(for: entry, check: .inclusionProof)
            verified.logURL = log.baseURL
            if let proof = entry.inclusionProof, proof.checkpoint != nil || version >= .v02 {
                let checkpoint = try verifyInclusion(entry, proof: proof, log: log, trustedTimes: times.times)
                verified.inclusionProofVerified = true
                verified.checkpointOrigin = checkpoint.origin
                verified.treeSize = checkpoint.size
            }
            try LogEntryBody.check(entry, against: signed)
            logEntries.append(verified)
        }
        // Counted per log, as sigstore-go does: two entries in one log are one witness.
        let logs = Set(material.tlogEntries.map(\.logID)).count
        guard logs >= configuration.transparencyLogThreshold else {
            throw SigstoreVerificationError(
                .bundleStructure,
                "verified entries from \(logs) transparency log(s), \(configuration.transparencyLogThreshold) distinct log(s) required by the configuration")
        }
        return logEntries
    }

    /// The trusted root's log that `entry` claims to be from; a failure is reported as `check`.
    func transparencyLog(for entry: TransparencyLogEntry, check: SigstoreVerificationError.Check) throws(SigstoreVerificationError) -> TransparencyLogInstance {
        guard let log = trustedRoot.transparencyLog(id: entry.logID) else {
            throw SigstoreVerificationError(
                check, "entry \(entry.logIndex) is from log \(Base64.encode(entry.logID)), which the trusted root does not list")
        }
        return log
    }

    private func verifyInclusion(_ entry: TransparencyLogEntry, proof: InclusionProof, log: TransparencyLogInstance,
                                 trustedTimes: [SigstoreVerificationResult.TrustedTime]) throws(SigstoreVerificationError) -> Checkpoint {
        let isRekorV2 = entry.integratedTime == nil || entry.integratedTime == 0
        if isRekorV2 {
            guard proof.logIndex == entry.logIndex else {
                throw SigstoreVerificationError(
                    .inclusionProof, "the proof's index \(proof.logIndex) differs from the entry's \(entry.logIndex) (Rekor v2 logs are not sharded)")
            }
            for time in trustedTimes where !log.validity.contains(time.date) {
                throw SigstoreVerificationError(
                    .inclusionProof, "\(time.source.label) \(RFC3339.string(time.date)) is outside the validity of log \(log.displayName) (\(log.validity))")
            }
        }
        let root = try MerkleTree.rootFromInclusionProof(index: proof.logIndex, size: proof.treeSize,
                                                         leafHash: MerkleTree.leafHash(entry.canonicalizedBody), proof: proof.hashes)
        guard let text = proof.checkpoint else {
            throw SigstoreVerificationError(.checkpoint, "the inclusion proof has no checkpoint")
        }
        let checkpoint = try Checkpoint(text)
        try checkpoint.verify(by: log)
        guard checkpoint.size == proof.treeSize else {
            throw SigstoreVerificationError(
                .inclusionProof, "the proof's tree size \(proof.treeSize) differs from the checkpoint's \(checkpoint.size)")
        }
        guard checkpoint.rootHash == proof.rootHash else {
            throw SigstoreVerificationError(
                .inclusionProof, "the proof's root hash \(Hex.encode(proof.rootHash)) differs from the checkpoint root \(Hex.encode(checkpoint.rootHash))")
        }
        guard root == checkpoint.rootHash else {
            throw SigstoreVerificationError(
                .inclusionProof, "inclusion proof does not reach the checkpoint root (computed \(Hex.encode(root)), checkpoint \(Hex.encode(checkpoint.rootHash)))")
        }
        return checkpoint
    }
}
