import Crypto
import Foundation
import Sigstore

/// The loopback OpenID Connect issuer: discovery, JWKS, authorization code with PKCE S256
/// (loopback or out-of-band redirect), the device flow of RFC 8628 with an approval endpoint,
/// and a token endpoint. Every login is granted to the one configured identity (no user
/// interaction: a test "browser" only follows the redirect).
final class LocalOIDCIssuer: LocalHTTPService {
    let tokens: LocalIdentityToken
    let identity: String
    /// How long issued tokens are valid.
    let tokenLifetime: TimeInterval = 600
    /// Codes and device grants expire after this long.
    let grantLifetime: TimeInterval = 600

    private struct AuthorizationGrant {
        var clientID: String
        var redirectURI: String
        var challenge: String
        var nonce: String?
        var created: Date
    }

    private struct DeviceGrant {
        var deviceCode: String
        var approved: Bool
        var created: Date
    }

    private let codes = LockedValue<[String: AuthorizationGrant]>([:])
    /// Device grants by user code.
    private let devices = LockedValue<[String: DeviceGrant]>([:])

    init(tokens: LocalIdentityToken, identity: String) {
        self.tokens = tokens
        self.identity = identity
    }

    var issuer: String { tokens.issuer }

    /// A fresh token for the configured identity.
    func issueToken(nonce: String? = nil) -> String {
        tokens.make(subject: identity, email: identity, audience: "sigstore", issuedAt: Date(), expiresIn: tokenLifetime, nonce: nonce)
    }

    /// Approves the pending device grant with `userCode`; false when there is none.
    @discardableResult
    func approve(userCode: String) -> Bool {
        devices.withLock { grants in
            guard grants[userCode] != nil else { return false }
            grants[userCode]?.approved = true
            return true
        }
    }

    func respond(to request: LocalHTTPRequest) async -> LocalHTTPResponse {
        switch (request.method, request.path) {
        case ("GET", "/.well-known/openid-configuration"): return .json(discoveryDocument)
        case ("GET", "/keys"): return .json(tokens.keySet)
        case ("GET", "/authorize"): return authorize(request.query)
        case ("POST", "/device/code"): return deviceAuthorization(request.formFields)
        case ("POST", "/device/approve"), ("GET", "/device/approve"):
            let userCode = request.formFields["user_code"] ?? request.query["user_code"] ?? ""
            return approve(userCode: userCode) ? .text("approved\n") : .oauthError(404, "invalid_request", "no pending device code \(userCode)")
        case ("POST", "/token"): return token(request.formFields)
        default: return .error(404, "no route \(request.method) \(request.path) on the OIDC issuer")
        }
    }

    private var discoveryDocument: JSONValue {
        .object(JSONObject([
            ("issuer", .string(issuer)),
            ("authorization_endpoint", .string(issuer + "/authorize")),
            ("token_endpoint", .string(issuer + "/token")),
            ("jwks_uri", .string(issuer + "/keys")),
            ("device_authorization_endpoint", .string(issuer + "/device/code")),
            ("response_types_supported", .array([.string("code")])),
            ("subject_types_supported", .array([.string("public")])),
            ("id_token_signing_alg_values_supported", .array([.string("ES256")])),
            ("code_challenge_methods_supported", .array([.string("S256")])),
            ("grant_types_supported", .array([.string("authorization_code"), .string("urn:ietf:params:oauth:grant-type:device_code")])),
            ("scopes_supported", .array([.string("openid"), .string("email")])),
            ("claims_supported", .array(["iss", "sub", "aud", "iat", "exp", "email", "email_verified"].map { .string($0) })),
        ]))
    }

    private func authorize(_ query: [String: String]) -> LocalHTTPResponse {
        guard query["response_type"] == "code" else {
            return .oauthError(400, "unsupported_response_type", "response_type must be code")
        }
        guard let clientID = query["client_id"], !clientID.isEmpty else {
            return .oauthError(400, "invalid_request", "client_id is missing")
        }
        guard let redirectURI = query["redirect_uri"], LocalOIDCIssuer.isAllowedRedirect(redirectURI) else {
            return .oauthError(400, "invalid_request", "redirect_uri must be a loopback http URL or urn:ietf:wg:oauth:2.0:oob")
        }
        guard query["code_challenge_method"] == "S256", let challenge = query["code_challenge"], challenge.count >= 43 else {
            return .oauthError(400, "invalid_request", "PKCE with code_challenge_method S256 is required")
        }
        let code = LocalOIDCIssuer.randomToken()
        codes.withLock {
            $0[code] = AuthorizationGrant(clientID: clientID, redirectURI: redirectURI, challenge: challenge,
                                          nonce: query["nonce"], created: Date())
        }
        if redirectURI == LocalOIDCIssuer.outOfBandRedirect {
            return .text("<html><body><p>Your verification code:</p><code>\(code)</code></body></html>\n",
                         contentType: "text/html; charset=utf-8")
        }
        var components = URLComponents(string: redirectURI)
        var items = components?.queryItems ?? []
        items.append(URLQueryItem(name: "code", value: code))
        if let state = query["state"] { items.append(URLQueryItem(name: "state", value: state)) }
        components?.queryItems = items
        return .redirect(to: components?.string ?? redirectURI)
    }

    private func deviceAuthorization(_ form: [String: String]) -> LocalHTTPResponse {
        guard let clientID = form["client_id"], !clientID.isEmpty else {
            return .oauthError(400, "invalid_request", "client_id is missing")
        }
        let deviceCode = LocalOIDCIssuer.randomToken()
        let userCode = LocalOIDCIssuer.userCode()
        devices.withLock { $0[userCode] = DeviceGrant(deviceCode: deviceCode, approved: false, created: Date()) }
        return .json(.object(JSONObject([
            ("device_code", .string(deviceCode)),
            ("user_code", .string(userCode)),
            ("verification_uri", .string(issuer + "/device/approve")),
            ("verification_uri_complete", .string(issuer + "/device/approve?user_code=" + userCode)),
            ("expires_in", .integer(Int(grantLifetime))),
            ("interval", .integer(1)),
        ])))
    }

    private func token(_ form: [String: String]) -> LocalHTTPResponse {
        switch form["grant_type"] {
        case "authorization_code":
            guard let code = form["code"], let verifier = form["code_verifier"] else {
                return .oauthError(400, "invalid_request", "code and code_verifier are required")
            }
            guard let grant = codes.withLock({ $0.removeValue(forKey: code) }), Date().timeIntervalSince(grant.created) < grantLifetime else {
                return .oauthError(400, "invalid_grant", "unknown, used or expired authorization code")
            }
            if let redirect = form["redirect_uri"], redirect != grant.redirectURI {
                return .oauthError(400, "invalid_grant", "redirect_uri differs from the authorization request")
            }
            if let client = form["client_id"], client != grant.clientID {
                return .oauthError(400, "invalid_grant", "client_id differs from the authorization request")
            }
            guard Base64URL.encode(SHA256.hash(data: Array(verifier.utf8))) == grant.challenge else {
                return .oauthError(400, "invalid_grant", "code_verifier does not match the code_challenge (S256)")
            }
            return tokenResponse(nonce: grant.nonce)
        case "urn:ietf:params:oauth:grant-type:device_code":
            guard let deviceCode = form["device_code"] else {
                return .oauthError(400, "invalid_request", "device_code is required")
            }
            let state = devices.withLock { grants -> (approved: Bool, expired: Bool)? in
                guard let entry = grants.first(where: { $0.value.deviceCode == deviceCode }) else { return nil }
                let expired = Date().timeIntervalSince(entry.value.created) >= grantLifetime
                if entry.value.approved || expired { grants.removeValue(forKey: entry.key) }
                return (entry.value.approved, expired)
            }
            guard let state else { return .oauthError(400, "invalid_grant", "unknown device_code") }
            if state.expired { return .oauthError(400, "expired_token", "the device code expired") }
            if !state.approved { return .oauthError(400, "authorization_pending", "the user has not approved yet") }
            return tokenResponse(nonce: nil)
        default:
            return .oauthError(400, "unsupported_grant_type", "grant_type \(form["grant_type"] ?? "(none)") is not supported")
        }
    }

    private func tokenResponse(nonce: String?) -> LocalHTTPResponse {
        let token = issueToken(nonce: nonce)
        return .json(.object(JSONObject([
            ("access_token", .string(token)), ("id_token", .string(token)),
            ("token_type", .string("Bearer")), ("expires_in", .integer(Int(tokenLifetime))),
        ])))
    }

    static let outOfBandRedirect = "urn:ietf:wg:oauth:2.0:oob"

    static func isAllowedRedirect(_ uri: String) -> Bool {
        if uri == outOfBandRedirect { return true }
        guard let components = URLComponents(string: uri), components.scheme == "http", let host = components.host else { return false }
        return ["localhost", "127.0.0.1", "::1", "[::1]"].contains(host)
    }

    static func randomToken() -> String {
        Base64URL.encode(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
    }

    /// An 8-letter code like `WDJB-MJHT` (RFC 8628 §6.1: consonants only).
    static func userCode() -> String {
        let letters = Array("BCDFGHJKLMNPQRSTVWXZ")
        let picked = (0..<8).map { _ in letters[Int.random(in: 0..<letters.count)] }
        return String(picked[0..<4]) + "-" + String(picked[4..<8])
    }
}
