import Crypto
import Foundation

/// The interactive OIDC flow: authorization code with PKCE (S256) and `state`, the redirect
/// received by a listener on 127.0.0.1 (`http://localhost:<port>/auth/callback`), or with
/// ``forceOutOfBand`` the code pasted by the user (`urn:ietf:wg:oauth:2.0:oob`).
///
/// Trust: the person who signs in at the provider chooses the identity; PKCE and `state` keep
/// another local program from swapping in its own code.
public struct InteractiveIdentityTokenProvider: IdentityTokenProvider {
    public var issuer: String
    public var clientID: String
    public var clientSecret: String?
    public var forceOutOfBand: Bool
    public var policy: ServiceClient.Policy
    /// Shows the authorization URL: opens a browser when possible, prints it anyway.
    public var openURL: @Sendable (String) async -> Void
    /// Reads the code the user pastes (out-of-band flow).
    public var readCode: @Sendable () async -> String?
    /// How long the loopback listener waits for the browser's redirect.
    public var callbackTimeout: TimeInterval = 300

    public init(issuer: String, clientID: String = "sigstore", clientSecret: String? = nil, forceOutOfBand: Bool = false,
                policy: ServiceClient.Policy = .init(),
                openURL: @escaping @Sendable (String) async -> Void = InteractiveIdentityTokenProvider.openInBrowser,
                readCode: @escaping @Sendable () async -> String? = { readLine(strippingNewline: true) }) {
        self.issuer = issuer
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.forceOutOfBand = forceOutOfBand
        self.policy = policy
        self.openURL = openURL
        self.readCode = readCode
    }

    public func identityToken() async throws(KeylessSigningError) -> IdentityToken {
        let provider = try await OIDCProvider.discover(issuer: issuer, policy: policy)
        let verifier = OIDCProvider.randomToken()
        let challenge = OIDCProvider.base64URL(Array(SHA256.hash(data: Array(verifier.utf8))))
        let state = OIDCProvider.randomToken(bytes: 16)
        let nonce = OIDCProvider.randomToken(bytes: 16)
        let listener = forceOutOfBand ? nil : try await LoopbackRedirectListener.start()
        defer { listener?.close() }
        let redirectURI = listener.map { "http://localhost:\($0.port)/auth/callback" } ?? "urn:ietf:wg:oauth:2.0:oob"
        var query = [("response_type", "code"), ("client_id", clientID), ("redirect_uri", redirectURI),
                     ("scope", "openid email"), ("code_challenge", challenge), ("code_challenge_method", "S256"),
                     ("state", state), ("nonce", nonce)]
        if forceOutOfBand { query.append(("prompt", "login")) }
        let separator = provider.authorizationEndpoint.contains("?") ? "&" : "?"
        let authorizationURL = provider.authorizationEndpoint + separator + OIDCProvider.formEncode(query)

        let code: String
        if let listener {
            // Listen before the browser is sent to the provider, and give up after callbackTimeout.
            let timeout = callbackTimeout
            let waiting = Task { () -> Result<[String: String], KeylessSigningError> in
                do throws(KeylessSigningError) {
                    return .success(try await listener.waitForCallback())
                } catch {
                    return .failure(error)
                }
            }
            let timer = Task {
                try await Task.sleep(nanoseconds: UInt64(timeout * 1_000_000_000))
                listener.close()
            }
            await openURL(authorizationURL)
            let outcome = await waiting.value
            timer.cancel()
            let answer: [String: String]
            switch outcome {
            case .success(let value): answer = value
            case .failure(let error): throw error
            }
            if let error = answer["error"] {
                throw KeylessSigningError(.oidc, "the OIDC provider refused the sign-in: \(error) \(answer["error_description"] ?? "")")
            }
            guard let returnedState = answer["state"], returnedState.utf8.elementsEqual(state.utf8) else {
                throw KeylessSigningError(.oidc, "the OAuth redirect carries a wrong \"state\"; the sign-in is not the one this program started")
            }
            guard let value = answer["code"], !value.isEmpty else {
                throw KeylessSigningError(.oidc, "the OAuth redirect carries no \"code\"")
            }
            code = value
        } else {
            await openURL(authorizationURL)
            FileHandle.standardError.write(Data("Enter the verification code: ".utf8))
            guard let value = await readCode()?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
                throw KeylessSigningError(.oidc, "no verification code was entered")
            }
            code = value
        }
        var form = [("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectURI),
                    ("code_verifier", verifier), ("client_id", clientID)]
        if let clientSecret, !clientSecret.isEmpty { form.append(("client_secret", clientSecret)) }
        return try provider.idToken(from: try await provider.tokenRequest(form))
    }

    /// Prints the URL on stderr and opens it with `xdg-open` (Linux) or `open` (macOS) when
    /// one of them is installed.
    public static let openInBrowser: @Sendable (String) async -> Void = { url in
        FileHandle.standardError.write(Data("Waiting for browser interaction. If no browser opens, visit:\n\(url)\n".utf8))
        #if os(macOS)
        let candidates = ["/usr/bin/open"]
        #else
        let candidates = ["/usr/bin/xdg-open", "/usr/local/bin/xdg-open", "/bin/xdg-open"]
        #endif
        guard let tool = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = [url]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try? process.run()
    }
}
