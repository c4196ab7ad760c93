import Foundation
import Sigstore

/// An OIDC identity token (a JWT) and the claims a signer needs from it.
///
/// The token's signature is not checked here: Fulcio checks it against the issuer's keys.
/// ``check(audience:at:)`` rejects tokens Fulcio would refuse anyway, with a clearer message.
public struct IdentityToken: Sendable, CustomStringConvertible {
    /// Issuers whose tokens identify a workload by `sub` rather than by `email`.
    public static let subjectIdentityIssuers: Set<String> = [
        "https://token.actions.githubusercontent.com",
        "https://gitlab.com",
        "https://agent.buildkite.com",
        "https://app.terraform.io",
        "https://token.codefresh.io",
    ]

    /// The compact JWT as given.
    public let rawValue: String
    public let issuer: String
    public let subject: String?
    public let email: String?
    public let audiences: [String]
    public let expiry: Date?
    public let notBefore: Date?

    /// Parses a compact JWT (`header.payload.signature`).
    public init(_ token: String) throws(KeylessSigningError) {
        let trimmed = token.trimmingCharacters(in: .whitespacesAndNewlines)
        let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw KeylessSigningError(.identityToken, "the identity token is not a JWT (expected three dot-separated parts, found \(parts.count))")
        }
        guard let payload = Base64.decode(parts[1]) else {
            throw KeylessSigningError(.identityToken, "the identity token's payload is not base64url")
        }
        let claims: [String: Any]
        do {
            guard let object = try JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any] else {
                throw KeylessSigningError(.identityToken, "the identity token's payload is not a JSON object")
            }
            claims = object
        } catch let error as KeylessSigningError {
            throw error
        } catch {
            throw KeylessSigningError(.identityToken, "the identity token's payload is not JSON: \(error.localizedDescription)")
        }
        guard let issuer = claims["iss"] as? String, !issuer.isEmpty else {
            throw KeylessSigningError(.identityToken, "the identity token has no \"iss\" (issuer) claim")
        }
        rawValue = trimmed
        self.issuer = issuer
        subject = claims["sub"] as? String
        email = claims["email"] as? String
        if let single = claims["aud"] as? String {
            audiences = [single]
        } else {
            audiences = (claims["aud"] as? [Any])?.compactMap { $0 as? String } ?? []
        }
        expiry = (claims["exp"] as? NSNumber).map { Date(timeIntervalSince1970: $0.doubleValue) }
        notBefore = (claims["nbf"] as? NSNumber).map { Date(timeIntervalSince1970: $0.doubleValue) }
    }

    /// The identity the certificate will carry: `email`, or `sub` for CI issuers.
    public var identity: String? {
        if IdentityToken.subjectIdentityIssuers.contains(issuer) { return subject }
        return email
    }

    /// Checks the claims Fulcio relies on: the audience, the validity window (with a minute of
    /// clock skew) and the identity claim.
    public func check(audience: String = "sigstore", at time: Date = Date()) throws(KeylessSigningError) {
        guard audiences.contains(where: { $0.utf8.elementsEqual(audience.utf8) }) else {
            let found = audiences.isEmpty ? "none" : audiences.map { "\"\($0)\"" }.joined(separator: ", ")
            throw KeylessSigningError(.identityToken, "the identity token's \"aud\" claim must contain \"\(audience)\"; found \(found)")
        }
        guard let expiry else {
            throw KeylessSigningError(.identityToken, "the identity token has no \"exp\" (expiry) claim")
        }
        guard expiry > time.addingTimeInterval(-60) else {
            throw KeylessSigningError(.identityToken, "the identity token expired at \(RFC3339.string(expiry)) (\"exp\" claim); get a fresh token")
        }
        if let notBefore, notBefore > time.addingTimeInterval(60) {
            throw KeylessSigningError(.identityToken, "the identity token is not valid before \(RFC3339.string(notBefore)) (\"nbf\" claim)")
        }
        guard identity != nil else {
            let claim = IdentityToken.subjectIdentityIssuers.contains(issuer) ? "sub" : "email"
            throw KeylessSigningError(.identityToken, "the identity token from \(issuer) has no \"\(claim)\" claim, which names the signer")
        }
    }

    public var description: String { "identity token for \(identity ?? "?") from \(issuer)" }
}
