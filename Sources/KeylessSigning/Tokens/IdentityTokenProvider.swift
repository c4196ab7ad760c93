import Foundation

/// Where a keyless signer gets its OIDC identity token.
///
/// Implementations: ``ExplicitIdentityTokenProvider`` (a value or a file),
/// ``AmbientIdentityTokenProvider`` (CI environments), ``InteractiveIdentityTokenProvider``
/// (a browser, authorization code with PKCE) and ``DeviceFlowIdentityTokenProvider`` (RFC 8628).
public protocol IdentityTokenProvider: Sendable {
    /// Returns a token; the signer checks its claims before use.
    func identityToken() async throws(KeylessSigningError) -> IdentityToken
}

/// A token given explicitly: the JWT itself, or `@path` to read it from a file.
///
/// Trust: whoever supplies the token chooses the identity; the token is only as safe as the
/// place it came from.
public struct ExplicitIdentityTokenProvider: IdentityTokenProvider {
    public var value: String

    public init(_ value: String) {
        self.value = value
    }

    public func identityToken() async throws(KeylessSigningError) -> IdentityToken {
        guard value.hasPrefix("@") else { return try IdentityToken(value) }
        let path = String(value.dropFirst())
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw KeylessSigningError(.identityToken, "cannot read the identity token file \(path): \(error.localizedDescription)")
        }
        return try IdentityToken(text)
    }
}
