/// Why the loopback Sigstore could not start or do what it was asked.
public struct LocalSigstoreError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, naming the service or file concerned.
    public let description: String

    init(_ description: String) { self.description = description }
}
