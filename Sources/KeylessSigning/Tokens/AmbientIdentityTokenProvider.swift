import Foundation
import Sigstore

/// A token from the environment a CI job runs in.
///
/// - GitHub Actions (`ACTIONS_ID_TOKEN_REQUEST_URL` and `ACTIONS_ID_TOKEN_REQUEST_TOKEN`, set
///   when the workflow has `id-token: write`): `GET <url>&audience=sigstore` with
///   `Authorization: bearer <request token>`, the token is `value` in the JSON answer.
/// - Otherwise `SIGSTORE_ID_TOKEN` (GitLab CI and others).
///
/// Trust: the CI platform vouches for the workload; the identity is the workflow, not a person.
public struct AmbientIdentityTokenProvider: IdentityTokenProvider {
    public var environment: [String: String]
    public var policy: ServiceClient.Policy

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, policy: ServiceClient.Policy = .init()) {
        self.environment = environment
        self.policy = policy
    }

    /// Whether the environment offers a token.
    public var isAvailable: Bool {
        environment["ACTIONS_ID_TOKEN_REQUEST_URL"] != nil || environment["SIGSTORE_ID_TOKEN"].map { !$0.isEmpty } == true
    }

    public func identityToken() async throws(KeylessSigningError) -> IdentityToken {
        if let url = environment["ACTIONS_ID_TOKEN_REQUEST_URL"] {
            guard let requestToken = environment["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] else {
                throw KeylessSigningError(.identityToken, "ACTIONS_ID_TOKEN_REQUEST_URL is set but ACTIONS_ID_TOKEN_REQUEST_TOKEN is not (does the workflow have `permissions: id-token: write`?)")
            }
            let separator = url.contains("?") ? "&" : "?"
            let client = ServiceClient(service: "the GitHub Actions token endpoint", stage: .identityToken, policy: policy)
            let response = try await client.expectSuccess(
                .GET, url + separator + "audience=sigstore",
                headers: [("Authorization", "bearer \(requestToken)"), ("Accept", "application/json")],
                refusal: "the token request")
            let value: String
            do {
                value = try JSONReader(document: response.body).string("value")
            } catch {
                throw KeylessSigningError(.identityToken, "the GitHub Actions token endpoint answered without a token: \(error)")
            }
            return try IdentityToken(value)
        }
        if let token = environment["SIGSTORE_ID_TOKEN"], !token.isEmpty {
            return try IdentityToken(token)
        }
        throw KeylessSigningError(.identityToken, "no ambient credentials: neither ACTIONS_ID_TOKEN_REQUEST_URL (GitHub Actions) nor SIGSTORE_ID_TOKEN is set")
    }
}
