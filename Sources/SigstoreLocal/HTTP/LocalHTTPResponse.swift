import Foundation
import Sigstore

/// A response of a loopback service.
struct LocalHTTPResponse: Sendable {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON document.
    static func json(_ value: JSONValue, status: Int = 200, headers: [(name: String, value: String)] = []) -> LocalHTTPResponse {
        LocalHTTPResponse(status: status, headers: [("Content-Type", "application/json")] + headers, body: value.serialized())
    }

    /// An error in the shape real Fulcio and Rekor use: `{"code": N, "message": "…"}`.
    static func error(_ status: Int, _ message: String) -> LocalHTTPResponse {
        json(.object(JSONObject([("code", .integer(status)), ("message", .string(message))])), status: status)
    }

    /// An OAuth 2.0 error (RFC 6749 §5.2): `{"error": "…", "error_description": "…"}`.
    static func oauthError(_ status: Int, _ code: String, _ description: String) -> LocalHTTPResponse {
        json(.object(JSONObject([("error", .string(code)), ("error_description", .string(description))])), status: status)
    }

    static func text(_ text: String, status: Int = 200, contentType: String = "text/plain; charset=utf-8") -> LocalHTTPResponse {
        LocalHTTPResponse(status: status, headers: [("Content-Type", contentType)], body: Array(text.utf8))
    }

    static func redirect(to location: String) -> LocalHTTPResponse {
        LocalHTTPResponse(status: 302, headers: [("Location", location)])
    }
}
