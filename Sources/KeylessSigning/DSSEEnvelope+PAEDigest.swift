import Crypto
import Sigstore

extension DSSEEnvelope {
    /// SHA-256 of the pre-authentication encoding, hashing the payload where it is rather than
    /// copying it behind the header (a large model's statement is megabytes).
    static func preAuthenticationSHA256(payloadType: String, payload: [UInt8]) -> SHA256.Digest {
        var hasher = SHA256()
        hasher.update(data: preAuthenticationHeader(payloadType: payloadType, payloadCount: payload.count))
        hasher.update(data: payload)
        return hasher.finalize()
    }
}
