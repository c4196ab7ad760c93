import ModelSigning

/// The HTTP client is the timestamp authority of key and certificate signers too
/// (`sign key|certificate|pkcs11-*|external --tsa-url`).
extension TimestampAuthorityClient: TimestampAuthority {
    /// The authority's URL.
    public var name: String { url }

    /// ``timestamp(signature:)``, its errors as `ModelSigningError.signingService` naming the URL.
    public func timestampResponse(for signature: [UInt8]) async throws -> [UInt8] {
        do {
            return try await timestamp(signature: signature)
        } catch {
            // Refusals name the service but not its URL; every message here names the authority.
            throw ModelSigningError.signingService(error.message.contains(url) ? error.message : "\(error.message) (at \(url))")
        }
    }
}
