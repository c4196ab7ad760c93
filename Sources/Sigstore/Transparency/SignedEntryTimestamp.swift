/// The Rekor v1 signed entry timestamp (SET, `inclusionPromise`): the log's signature over the
/// RFC 8785 form of `{body, integratedTime, logID, logIndex}`.
package enum SignedEntryTimestamp {
    /// The canonical JSON the SET signs.
    package static func signedPayload(body: [UInt8], integratedTime: Int64, logID: [UInt8], logIndex: Int64) -> [UInt8] {
        JSONValue.object(JSONObject([
            ("body", .string(Base64.encode(body))),
            ("integratedTime", .integer(integratedTime)),
            ("logID", .string(Hex.encode(logID))),
            ("logIndex", .integer(logIndex)),
        ])).serialized(.canonical)
    }

    /// Verifies the SET of `entry` with `log`'s key.
    package static func verify(_ entry: TransparencyLogEntry, log: TransparencyLogInstance) throws(SigstoreVerificationError) {
        guard let set = entry.signedEntryTimestamp else {
            throw SigstoreVerificationError(.signedEntryTimestamp, "the entry has no inclusion promise")
        }
        guard let integratedTime = entry.integratedTime else {
            throw SigstoreVerificationError(.signedEntryTimestamp, "the entry has an inclusion promise but no integratedTime")
        }
        guard let key = log.key else {
            throw SigstoreVerificationError(.signedEntryTimestamp, "the key of log \(log.displayName) cannot be read")
        }
        let payload = signedPayload(body: entry.canonicalizedBody, integratedTime: integratedTime, logID: entry.logID,
                                    logIndex: entry.logIndex)
        guard key.isValidSignature(set, for: payload, digest: log.signatureDigest) else {
            throw SigstoreVerificationError(.signedEntryTimestamp, "SET signature invalid for log \(log.displayName) (entry \(entry.logIndex))")
        }
    }
}
