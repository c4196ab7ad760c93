/// A bundle that cannot be read: it names the field and the problem.
public struct BundleError: Error, Sendable, CustomStringConvertible, Equatable {
    /// Where the problem is, as a JSON path (`verificationMaterial.tlogEntries[0].logIndex`), or
    /// empty for the whole document.
    public let field: String
    public let reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String {
        DisplayText.message(field.isEmpty ? "malformed bundle: \(reason)" : "malformed bundle: \(field): \(reason)")
    }
}
