import Crypto
import Foundation
import ModelSigningTestSupport
@testable import Sigstore
import SigstoreLocal
import SwiftASN1
import Testing
import X509

/// The loopback services at the HTTP level: OIDC flows, Fulcio, Rekor v1/v2, the TSA and every
/// fault. Each test starts its own stack and stops it.
@Suite struct LocalSigstoreHTTPTests {
    /// Runs `body` with a started stack, always stopping it.
    static func withStack(rekorVersion: Int = 1, _ body: (LocalSigstore, TemporaryDirectory) async throws -> Void) async throws {
        let directory = try TemporaryDirectory("sigstore-local")
        defer { directory.remove() }
        let stack = try await LocalSigstore.start(directory: directory.path, rekorVersion: rekorVersion)
        do {
            try await body(stack, directory)
        } catch {
            await stack.stop()
            throw error
        }
        await stack.stop()
    }

    @Test func startWritesTheFilesAndTheTrustConfigParses() async throws {
        try await Self.withStack { stack, directory in
            for name in ["trust_config.json", "trust_config_rekor_v1.json", "trust_config_rekor_v2.json", "trusted_root.json",
                         "signing_config.json", "identity_token", "identity", "issuer", "ready"] {
                #expect(FileManager.default.fileExists(atPath: directory.appending(name).path), "\(name)")
            }
            let config = try ClientTrustConfig(contentsOf: URL(fileURLWithPath: stack.trustConfigPath))
            #expect(config.trustedRoot.transparencyLogs.count == 2)
            #expect(config.trustedRoot.certificateAuthorities.first?.uri == stack.fulcioURL)
            #expect(config.trustedRoot.timestampAuthorities.count == 1)
            let identity = try String(contentsOf: directory.appending("identity"), encoding: .utf8)
            #expect(identity == stack.identity + "\n")
            let issuer = try String(contentsOf: directory.appending("issuer"), encoding: .utf8)
            #expect(issuer == stack.issuer + "\n")
        }
    }

    @Test func discoveryAndKeySet() async throws {
        try await Self.withStack { stack, _ in
            let discovery = try await LoopbackHTTP.get(stack.oidcURL + "/.well-known/openid-configuration")
            #expect(discovery.status == 200)
            let document = try #require(discovery.json)
            #expect(document["issuer"] as? String == stack.issuer)
            let jwks = try await LoopbackHTTP.get(try #require(document["jwks_uri"] as? String))
            let keys = try #require(jwks.json?["keys"] as? [[String: Any]])
            #expect(keys.count == 1 && keys[0]["kty"] as? String == "EC")
        }
    }

    @Test func authorizationCodeWithPKCE() async throws {
        try await Self.withStack { stack, _ in
            let verifier = Base64URLForTests.encode((0..<32).map { _ in UInt8.random(in: 0...255) })
            let challenge = Base64URLForTests.encode(SHA256.hash(data: Array(verifier.utf8)))
            let redirect = "http://localhost:41234/auth/callback"
            var components = try #require(URLComponents(string: stack.oidcURL + "/authorize"))
            components.queryItems = [
                URLQueryItem(name: "response_type", value: "code"), URLQueryItem(name: "client_id", value: "sigstore"),
                URLQueryItem(name: "redirect_uri", value: redirect), URLQueryItem(name: "scope", value: "openid email"),
                URLQueryItem(name: "state", value: "st4te"), URLQueryItem(name: "code_challenge", value: challenge),
                URLQueryItem(name: "code_challenge_method", value: "S256"),
            ]
            let authorizeURL = try #require(components.string)
            let authorization = try await LoopbackHTTP.get(authorizeURL)
            #expect(authorization.status == 302)
            let locationText = try #require(authorization.header("Location"))
            let location = try #require(URLComponents(string: locationText))
            #expect(location.host == "localhost" && location.path == "/auth/callback")
            #expect(location.queryItems?.first { $0.name == "state" }?.value == "st4te")
            let code = try #require(location.queryItems?.first { $0.name == "code" }?.value)

            let wrong = try await LoopbackHTTP.postForm(stack.oidcURL + "/token", [
                "grant_type": "authorization_code", "code": code, "code_verifier": verifier + "x", "redirect_uri": redirect,
                "client_id": "sigstore"])
            #expect(wrong.status == 400 && wrong.json?["error"] as? String == "invalid_grant")
            // The code was consumed by the failed attempt, as a real issuer does: start again.
            let again = try await LoopbackHTTP.get(authorizeURL)
            let secondLocation = try #require(again.header("Location"))
            let secondCode = try #require(URLComponents(string: secondLocation)?.queryItems?.first { $0.name == "code" }?.value)
            let token = try await LoopbackHTTP.postForm(stack.oidcURL + "/token", [
                "grant_type": "authorization_code", "code": secondCode, "code_verifier": verifier, "redirect_uri": redirect,
                "client_id": "sigstore"])
            #expect(token.status == 200)
            let idToken = try #require(token.json?["id_token"] as? String)
            let fulcio = try await FulcioRequest.csr(stack, token: idToken, key: P256.Signing.PrivateKey())
            #expect(fulcio.status == 201)
        }
    }

    @Test func deviceFlowWaitsForApproval() async throws {
        try await Self.withStack { stack, _ in
            let authorization = try await LoopbackHTTP.postForm(stack.oidcURL + "/device/code", ["client_id": "sigstore", "scope": "openid email"])
            #expect(authorization.status == 200)
            let deviceCode = try #require(authorization.json?["device_code"] as? String)
            let userCode = try #require(authorization.json?["user_code"] as? String)
            let grant = ["grant_type": "urn:ietf:params:oauth:grant-type:device_code", "device_code": deviceCode, "client_id": "sigstore"]
            let pending = try await LoopbackHTTP.postForm(stack.oidcURL + "/token", grant)
            #expect(pending.status == 400 && pending.json?["error"] as? String == "authorization_pending")
            await stack.approveDeviceCode(userCode: userCode)
            let granted = try await LoopbackHTTP.postForm(stack.oidcURL + "/token", grant)
            #expect(granted.status == 200)
            let token = try #require(granted.json?["id_token"] as? String)
            #expect(try await FulcioRequest.csr(stack, token: token, key: P256.Signing.PrivateKey()).status == 201)
        }
    }

    @Test func fulcioIssuesForACSRAndForAProofOfPossession() async throws {
        try await Self.withStack { stack, _ in
            let root = try TrustedRoot(contentsOf: URL(fileURLWithPath: stack.trustedRootPath))
            let key = P256.Signing.PrivateKey()
            let reply = try await FulcioRequest.csr(stack, token: stack.identityToken, key: key)
            #expect(reply.status == 201)
            let chain = try FulcioRequest.chain(reply)
            #expect(chain.count == 3)
            #expect(chain[0].publicKey == Certificate.PublicKey(key.publicKey))
            #expect(chain[2] == root.certificateAuthorities[0].certificates.last)
            let identity = try CertificateIdentity(chain[0])
            #expect(identity.subjectAlternativeNames == [stack.identity] && identity.issuer == stack.issuer)
            _ = try SignedCertificateTimestamp.verifyEmbedded(in: chain[0], chain: chain, logs: root.certificateTransparencyLogs)

            let proof = try key.signature(for: Array(stack.identity.utf8)).derRepresentation
            let keyRequest = try await LoopbackHTTP.postJSON(stack.fulcioURL + "/api/v2/signingCert", [
                "credentials": ["oidcIdentityToken": stack.identityToken],
                "publicKeyRequest": ["publicKey": ["algorithm": "ECDSA", "content": key.publicKey.pemRepresentation],
                                     "proofOfPossession": proof.base64EncodedString()],
            ])
            #expect(keyRequest.status == 201)
            #expect(try FulcioRequest.chain(keyRequest)[0].publicKey == Certificate.PublicKey(key.publicKey))
            let badProof = try await LoopbackHTTP.postJSON(stack.fulcioURL + "/api/v2/signingCert", [
                "credentials": ["oidcIdentityToken": stack.identityToken],
                "publicKeyRequest": ["publicKey": ["algorithm": "ECDSA", "content": key.publicKey.pemRepresentation],
                                     "proofOfPossession": try key.signature(for: Array("other".utf8)).derRepresentation.base64EncodedString()],
            ])
            #expect(badProof.status == 400)
        }
    }

    @Test func fulcioRefusesBadTokens() async throws {
        try await Self.withStack { stack, _ in
            let tokens = [stack.makeToken(expiresIn: -30), stack.makeToken(audience: "not-sigstore"),
                          stack.makeToken(signedByIssuer: false), "garbage"]
            for token in tokens {
                let reply = try await FulcioRequest.csr(stack, token: token, key: P256.Signing.PrivateKey())
                #expect(reply.status == 401, "\(reply.text)")
                #expect(reply.json?["message"] is String)
            }
            let noRequest = try await LoopbackHTTP.postJSON(stack.fulcioURL + "/api/v2/signingCert", [String: String](),
                                                            headers: ["Authorization": "Bearer " + stack.identityToken])
            #expect(noRequest.status == 400)
        }
    }
}

/// Unpadded base64url for the PKCE test.
enum Base64URLForTests {
    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

/// Requests to the loopback Fulcio.
enum FulcioRequest {
    static func csr(_ stack: LocalSigstore, token: String, key: P256.Signing.PrivateKey) async throws -> LoopbackHTTP.Reply {
        let csr = try CertificateSigningRequest(version: .v1, subject: DistinguishedName(), privateKey: .init(key),
                                                attributes: CertificateSigningRequest.Attributes(), signatureAlgorithm: .ecdsaWithSHA256)
        let pem = try csr.serializeAsPEM().pemString
        return try await LoopbackHTTP.postJSON(stack.fulcioURL + "/api/v2/signingCert",
                                               ["certificateSigningRequest": Data(pem.utf8).base64EncodedString()],
                                               headers: ["Authorization": "Bearer " + token])
    }

    static func chain(_ reply: LoopbackHTTP.Reply) throws -> [Certificate] {
        let embedded = try #require(reply.json?["signedCertificateEmbeddedSct"] as? [String: Any])
        let certificates = try #require((embedded["chain"] as? [String: Any])?["certificates"] as? [String])
        return try certificates.map { try Certificate(pemEncoded: $0) }
    }
}
