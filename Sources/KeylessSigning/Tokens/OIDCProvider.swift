import Foundation
import Sigstore

/// An OIDC provider's endpoints, from `{issuer}/.well-known/openid-configuration`, and the
/// token request shared by the interactive and device flows.
public struct OIDCProvider: Sendable {
    public var issuer: String
    public var authorizationEndpoint: String
    public var tokenEndpoint: String
    public var deviceAuthorizationEndpoint: String?
    let http: ServiceClient

    /// Reads the discovery document of `issuer`.
    public static func discover(issuer: String, policy: ServiceClient.Policy = .init()) async throws(KeylessSigningError) -> OIDCProvider {
        let http = ServiceClient(service: "the OIDC provider", stage: .oidc, policy: policy)
        let response = try await http.expectSuccess(.GET, issuer.trimmingSlash + "/.well-known/openid-configuration",
                                                    headers: [("Accept", "application/json")], refusal: "the discovery request")
        do {
            let document = try JSONReader(document: response.body)
            return OIDCProvider(issuer: issuer, authorizationEndpoint: try document.string("authorization_endpoint"),
                                tokenEndpoint: try document.string("token_endpoint"),
                                deviceAuthorizationEndpoint: try document.optionalString("device_authorization_endpoint"),
                                http: http)
        } catch {
            throw KeylessSigningError(.oidc, "the OIDC discovery document of \(issuer) is unusable: \(error)")
        }
    }

    /// Posts a form to the token endpoint and returns the status and the JSON answer.
    func tokenRequest(_ form: [(String, String)]) async throws(KeylessSigningError) -> (status: Int, answer: JSONReader?) {
        let response = try await http.send(.POST, tokenEndpoint, headers: [("Content-Type", "application/x-www-form-urlencoded"),
                                                                            ("Accept", "application/json")],
                                           body: Array(OIDCProvider.formEncode(form).utf8))
        return (response.status, try? JSONReader(document: response.body))
    }

    /// The `id_token` of a successful token answer.
    func idToken(from result: (status: Int, answer: JSONReader?)) throws(KeylessSigningError) -> IdentityToken {
        guard (200..<300).contains(result.status), let token = try? result.answer?.string("id_token") else {
            let reason = (try? result.answer?.optionalString("error")).flatMap { $0 } ?? "no id_token in the answer"
            throw KeylessSigningError(.oidc, "the OIDC provider refused the token request: \(result.status) \(reason)")
        }
        return try IdentityToken(token)
    }

    static func formEncode(_ fields: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.map { name, value in
            "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)"
        }.joined(separator: "&")
    }

    /// Random URL-safe text (base64url of `count` random bytes).
    static func randomToken(bytes count: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        return base64URL((0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    static func base64URL(_ bytes: some Collection<UInt8>) -> String {
        Base64.encode(bytes).replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
