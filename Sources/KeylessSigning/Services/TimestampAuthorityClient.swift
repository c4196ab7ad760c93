import Foundation
import Sigstore

/// An RFC 3161 timestamp authority: `POST {url}` with a DER `TimeStampReq`.
public struct TimestampAuthorityClient: Sendable {
    public var url: String
    public var http: ServiceClient

    public init(url: String, policy: ServiceClient.Policy = .init()) {
        self.url = url
        self.http = ServiceClient(service: "the timestamp authority", stage: .timestampAuthority, policy: policy)
    }

    /// Timestamps `signature` and returns the DER `TimeStampResp`, after checking that it
    /// answers our request (status, imprint, nonce).
    public func timestamp(signature: [UInt8]) async throws(KeylessSigningError) -> [UInt8] {
        let request = TimeStampRequest(digestOf: signature)
        let response = try await http.expectSuccess(
            .POST, url, headers: [("Content-Type", "application/timestamp-query"), ("Accept", "application/timestamp-reply")],
            body: request.derBytes, refusal: "the timestamp request")
        do {
            try request.checkResponse(response.body)
        } catch {
            throw KeylessSigningError(.timestampAuthority, "the timestamp authority at \(url) answered with an unusable timestamp: \(error.reason)")
        }
        return response.body
    }
}
