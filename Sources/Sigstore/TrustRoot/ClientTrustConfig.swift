import Foundation

/// A client trust configuration (`ClientTrustConfig`): a trusted root plus a signing
/// configuration. This is the file the reference's `--trust-config` option takes.
/// Verification uses only ``trustedRoot``; the signing configuration is kept as JSON.
public struct ClientTrustConfig: Sendable {
    public static let mediaType = "application/vnd.dev.sigstore.clienttrustconfig.v0.1+json"

    public var trustedRoot: TrustedRoot
    /// The `signingConfig` object as compact JSON, when present.
    public var signingConfigJSON: [UInt8]?

    public init(trustedRoot: TrustedRoot, signingConfigJSON: [UInt8]? = nil) {
        self.trustedRoot = trustedRoot
        self.signingConfigJSON = signingConfigJSON
    }

    /// Reads a client trust configuration (camelCase or snake_case keys).
    public init<Bytes: Collection<UInt8>>(json: Bytes) throws(SigstoreVerificationError) {
        let root: JSONReader
        let mediaType: String
        let trustedRoot: JSONReader
        let signingConfig: JSONReader?
        do {
            root = try JSONReader(document: json)
            mediaType = try root.string("mediaType")
            guard mediaType == ClientTrustConfig.mediaType else {
                throw SigstoreVerificationError(.trustMaterial, "trust config: unsupported media type \(DisplayText.quoted(mediaType))")
            }
            trustedRoot = try root.object("trustedRoot")
            signingConfig = try root.optionalObject("signingConfig")
        } catch {
            throw .readingTrustMaterial(error, context: "trust config: ")
        }
        self.init(trustedRoot: try TrustedRoot(trustedRoot),
                  signingConfigJSON: signingConfig.map { JSONValue.object($0.object).serialized(.compact) })
    }

    /// Reads a client trust configuration from a file.
    public init(contentsOf url: URL) throws(SigstoreVerificationError) {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw SigstoreVerificationError(.trustMaterial, "cannot read the trust config \(url.path): \(error.localizedDescription)")
        }
        try self.init(json: Array(data))
    }
}
