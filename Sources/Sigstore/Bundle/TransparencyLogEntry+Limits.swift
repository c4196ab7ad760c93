extension TransparencyLogEntry {
    /// The most transparency log entries a bundle may carry. Clients write one per log the
    /// signature was submitted to; the reference accepts exactly one.
    public static let maximumCountPerBundle = 8

    /// What makes two entries the same record: the log and the position in it. A bundle that
    /// lists one record twice is refused, whatever else differs between the copies.
    struct Identity: Hashable {
        let logID: [UInt8]
        let logIndex: Int64
    }

    var identity: Identity { Identity(logID: logID, logIndex: logIndex) }
}
