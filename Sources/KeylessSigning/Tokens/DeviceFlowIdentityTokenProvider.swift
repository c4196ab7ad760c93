import Foundation
import Sigstore

/// The OAuth 2.0 device authorization grant (RFC 8628), for machines without a browser: the
/// user opens the verification URL elsewhere and enters the code shown.
///
/// Trust: the person who approves the code on the provider's page chooses the identity.
public struct DeviceFlowIdentityTokenProvider: IdentityTokenProvider {
    public var issuer: String
    public var clientID: String
    public var clientSecret: String?
    public var policy: ServiceClient.Policy
    /// Shows the user where to go and what code to enter.
    public var prompt: @Sendable (_ verificationURL: String, _ userCode: String) async -> Void
    /// The longest the flow waits for approval, whatever the provider allows.
    public var maximumWait: TimeInterval

    public init(issuer: String, clientID: String = "sigstore", clientSecret: String? = nil, policy: ServiceClient.Policy = .init(),
                maximumWait: TimeInterval = 900,
                prompt: @escaping @Sendable (String, String) async -> Void = { url, code in
                    FileHandle.standardError.write(Data("Open \(url) and enter the code \(code)\n".utf8))
                }) {
        self.issuer = issuer
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.policy = policy
        self.maximumWait = maximumWait
        self.prompt = prompt
    }

    public func identityToken() async throws(KeylessSigningError) -> IdentityToken {
        let provider = try await OIDCProvider.discover(issuer: issuer, policy: policy)
        guard let endpoint = provider.deviceAuthorizationEndpoint else {
            throw KeylessSigningError(.oidc, "the OIDC provider \(issuer) offers no device authorization endpoint")
        }
        var client = [("client_id", clientID)]
        if let clientSecret, !clientSecret.isEmpty { client.append(("client_secret", clientSecret)) }
        let response = try await provider.http.expectSuccess(
            .POST, endpoint, headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")],
            body: Array(OIDCProvider.formEncode(client + [("scope", "openid email")]).utf8), refusal: "the device authorization")
        let deviceCode: String, userCode: String, verificationURL: String
        var interval: TimeInterval, expiresIn: TimeInterval
        do {
            let answer = try JSONReader(document: response.body)
            deviceCode = try answer.string("device_code")
            userCode = try answer.string("user_code")
            verificationURL = try answer.optionalString("verification_uri_complete") ?? answer.string("verification_uri")
            interval = TimeInterval(try answer.optionalInt64("interval") ?? 5)
            expiresIn = TimeInterval(try answer.optionalInt64("expires_in") ?? 600)
        } catch {
            throw KeylessSigningError(.oidc, "the device authorization answer is unusable: \(error)")
        }
        await prompt(verificationURL, userCode)
        interval = min(max(interval, 0.05), 60)
        let deadline = Date().addingTimeInterval(min(expiresIn, maximumWait))
        while Date() < deadline {
            try? await Task.sleep(nanoseconds: UInt64(interval * 1_000_000_000))
            let result = try await provider.tokenRequest(client + [
                ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"), ("device_code", deviceCode),
            ])
            if (200..<300).contains(result.status) { return try provider.idToken(from: result) }
            switch (try? result.answer?.optionalString("error")).flatMap({ $0 }) {
            case "authorization_pending": continue
            case "slow_down": interval += 5
            case "access_denied": throw KeylessSigningError(.oidc, "the device code was denied at the OIDC provider")
            case "expired_token": throw KeylessSigningError(.oidc, "the device code expired before it was approved")
            default: return try provider.idToken(from: result)
            }
        }
        throw KeylessSigningError(.oidc, "the device code was not approved within \(Int(min(expiresIn, maximumWait))) s")
    }
}
