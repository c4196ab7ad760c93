import ModelSigning

/// The HTTP client is the timestamp authority of key and certificate signers too
/// (`sign key|certificate|pkcs11-*|external --tsa-url`).
extension TimestampAuthorityClient: TimestampAuthority {
    /// The authority's URL.
    public var name: String { url }

    /// ``timestamp(signature:)``, its errors (which name the URL) as
    /// `ModelSigningError.signingService`.
    public func timestampResponse(for signature: [UInt8]) async throws -> [UInt8] {
        do {
            return try await timestamp(signature: signature)
        } catch {
            throw ModelSigningError.signingService(error.message)
        }
    }
}
