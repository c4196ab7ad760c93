/// An RFC 3161 timestamp authority that key and certificate signers ask to timestamp their
/// signature (``KeySigner/timestampAuthorities``, ``CertificateSigner/timestampAuthorities``).
///
/// The HTTP client is `TimestampAuthorityClient` in the `KeylessSigning` module (so that
/// verification-only users of this module do not link an HTTP stack); any other transport
/// implements this protocol.
public protocol TimestampAuthority: Sendable {
    /// Names the authority in messages (its URL for an HTTP authority).
    var name: String { get }
    /// A DER `TimeStampResp` (or bare `TimeStampToken`) over the SHA-256 digest of
    /// `signature`, requested with a nonce and checked against the request. Errors should
    /// name the authority; other than ``ModelSigningError`` they are reported with ``name``.
    func timestampResponse(for signature: [UInt8]) async throws -> [UInt8]
}
