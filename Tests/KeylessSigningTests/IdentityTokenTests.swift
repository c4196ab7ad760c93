import Foundation
import KeylessSigning
import Testing

/// Token claims are checked before use, each failure naming the claim.
@Suite struct IdentityTokenTests {
    static func jwt(_ claims: [String: Any]) throws -> String {
        func segment(_ object: Any) throws -> String {
            try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
        }
        return "\(try segment(["alg": "ES256", "typ": "JWT"])).\(try segment(claims)).c2lnbmF0dXJl"
    }

    static let now = Date()

    static func claims(_ changes: [String: Any?] = [:]) -> [String: Any] {
        var claims: [String: Any] = ["iss": "https://issuer.example", "sub": "1234", "email": "signer@example.com",
                                     "aud": "sigstore", "exp": Int(now.timeIntervalSince1970) + 600,
                                     "iat": Int(now.timeIntervalSince1970)]
        for (key, value) in changes { claims[key] = value }
        return claims
    }

    @Test func validTokenPassesAndNamesTheEmail() throws {
        let token = try IdentityToken(try Self.jwt(Self.claims()))
        try token.check(at: Self.now)
        #expect(token.identity == "signer@example.com")
        #expect(token.issuer == "https://issuer.example")
    }

    @Test func audienceListIsAccepted() throws {
        try IdentityToken(try Self.jwt(Self.claims(["aud": ["other", "sigstore"]]))).check(at: Self.now)
    }

    @Test func wrongAudienceIsRefused() throws {
        let token = try IdentityToken(try Self.jwt(Self.claims(["aud": "something-else"])))
        let error = #expect(throws: KeylessSigningError.self) { try token.check(at: Self.now) }
        #expect(error?.message.contains("\"aud\"") == true)
        #expect(error?.message.contains("something-else") == true)
    }

    @Test func expiredTokenIsRefused() throws {
        let token = try IdentityToken(try Self.jwt(Self.claims(["exp": Int(Self.now.timeIntervalSince1970) - 3600])))
        let error = #expect(throws: KeylessSigningError.self) { try token.check(at: Self.now) }
        #expect(error?.message.contains("expired") == true)
        #expect(error?.message.contains("\"exp\"") == true)
    }

    @Test func missingExpiryIsRefused() throws {
        let token = try IdentityToken(try Self.jwt(Self.claims(["exp": nil])))
        let error = #expect(throws: KeylessSigningError.self) { try token.check(at: Self.now) }
        #expect(error?.message.contains("\"exp\"") == true)
    }

    @Test func missingEmailIsRefused() throws {
        let token = try IdentityToken(try Self.jwt(Self.claims(["email": nil])))
        let error = #expect(throws: KeylessSigningError.self) { try token.check(at: Self.now) }
        #expect(error?.message.contains("\"email\"") == true)
    }

    @Test func ciIssuersAreIdentifiedBySubject() throws {
        let token = try IdentityToken(try Self.jwt(Self.claims([
            "iss": "https://token.actions.githubusercontent.com", "email": nil, "sub": "repo:org/repo:ref:refs/heads/main",
        ])))
        try token.check(at: Self.now)
        #expect(token.identity == "repo:org/repo:ref:refs/heads/main")
    }

    @Test func malformedTokensAreRefused() throws {
        #expect(throws: KeylessSigningError.self) { try IdentityToken("not-a-jwt") }
        #expect(throws: KeylessSigningError.self) { try IdentityToken("a.!!!.c") }
        #expect(throws: KeylessSigningError.self) { try IdentityToken(try Self.jwt(Self.claims(["iss": nil]))) }
    }

    @Test func explicitProviderReadsAFile() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("token-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("token")
        try (try Self.jwt(Self.claims()) + "\n").write(to: file, atomically: true, encoding: .utf8)
        let token = try await ExplicitIdentityTokenProvider("@" + file.path).identityToken()
        #expect(token.email == "signer@example.com")
        await #expect(throws: KeylessSigningError.self) {
            try await ExplicitIdentityTokenProvider("@" + directory.appendingPathComponent("missing").path).identityToken()
        }
    }

    @Test func ambientProviderUsesSigstoreIDToken() async throws {
        let value = try Self.jwt(Self.claims())
        let provider = AmbientIdentityTokenProvider(environment: ["SIGSTORE_ID_TOKEN": value])
        #expect(provider.isAvailable)
        #expect(try await provider.identityToken().rawValue == value)
        let none = AmbientIdentityTokenProvider(environment: [:])
        #expect(!none.isAvailable)
        await #expect(throws: KeylessSigningError.self) { try await none.identityToken() }
    }
}
