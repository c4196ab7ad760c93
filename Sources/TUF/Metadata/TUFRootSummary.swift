/// The version and expiry of a root document, read without verifying it (for messages).
public struct TUFRootSummary: Sendable {
    public let version: Int
    /// `expires` as written (`YYYY-MM-DDTHH:MM:SSZ`).
    public let expires: String

    public init(bytes: [UInt8]) throws(TUFError) {
        let root = try RootMetadata(document: try SignedMetadata(bytes: bytes, role: "root"))
        version = root.version
        expires = TUFDate.string(root.expires)
    }
}
