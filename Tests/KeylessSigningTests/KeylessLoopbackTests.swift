import AsyncHTTPClient
import Foundation
import KeylessSigning
import ModelSigning
import ModelSigningTestSupport
import NIOCore
import Sigstore
import SigstoreLocal
import Testing

/// Our signer against the loopback Sigstore (real cryptography on 127.0.0.1): bundles with
/// Rekor v1 and v2, the token flows, and every misbehaving service refused with a clear error
/// and no signature file.
@Suite(.serialized) struct KeylessLoopbackTests {
    /// Generous limits for tests that expect success (the loopback TSA runs openssl, slow on a busy machine).
    static let policy = ServiceClient.Policy(timeout: 60, maximumAttempts: 3, initialBackoff: 0.05)
    /// Short limits for the tests of services that are down or slow.
    static let fastPolicy = ServiceClient.Policy(timeout: 2, maximumAttempts: 3, initialBackoff: 0.05, minimumRekorV2Timeout: 2)

    /// Runs `body` with a fresh loopback Sigstore, stopped afterwards whatever happens.
    static func withStack<T>(rekorVersion: Int = 1, _ body: (LocalSigstore, TemporaryDirectory) async throws -> T) async throws -> T {
        let directory = try TemporaryDirectory("keyless")
        let stack = try await LocalSigstore.start(directory: directory.appending("stack").path, rekorVersion: rekorVersion)
        do {
            let result = try await body(stack, directory)
            await stack.stop()
            directory.remove()
            return result
        } catch {
            await stack.stop()
            directory.remove()
            throw error
        }
    }

    static func signer(_ stack: LocalSigstore, token: String? = nil, rekorVersion: Int? = nil,
                       provider: (any IdentityTokenProvider)? = nil, policy: ServiceClient.Policy = policy) throws -> SigstoreSigner {
        let config = try ClientTrustConfig(contentsOf: URL(fileURLWithPath: stack.trustConfigPath))
        return try SigstoreSigner(tokenProvider: provider ?? ExplicitIdentityTokenProvider(token ?? stack.identityToken),
                                  trustConfig: config, rekorVersion: rekorVersion, policy: policy)
    }

    static func model(in directory: TemporaryDirectory) throws -> URL {
        _ = try directory.write("model/weights.bin", Data(repeating: 7, count: 10_000))
        _ = try directory.write("model/config.json", "{\"layers\": 2}\n")
        return directory.appending("model")
    }

    // MARK: - Signing with Rekor v1 and v2

    @Test(arguments: [1, 2]) func signsAModelThatOurVerifierAccepts(rekorVersion: Int) async throws {
        try await Self.withStack(rekorVersion: rekorVersion) { stack, directory in
            let model = try Self.model(in: directory)
            let signaturePath = directory.appending("model.sig").path
            let bundle = try await ModelSigner(signer: try Self.signer(stack))
                .sign(modelAt: model.path, signatureAt: signaturePath)
            let entry = try #require(bundle.verificationMaterial.tlogEntries.first)
            #expect(bundle.mediaType == SigstoreBundle.mediaTypeV03)
            if case .certificate = bundle.verificationMaterial.signer {} else { Issue.record("the bundle must carry the leaf only") }
            #expect(bundle.verificationMaterial.rfc3161Timestamps.count == 1)
            if rekorVersion == 1 {
                #expect(entry.kind == "dsse" && entry.version == "0.0.1")
                #expect(entry.signedEntryTimestamp != nil)
            } else {
                #expect(entry.kind == "hashedrekord" && entry.version == "0.0.2")
                #expect(entry.signedEntryTimestamp == nil)
            }
            #expect(entry.inclusionProof?.checkpoint != nil)
            let verifier = try SigstoreModelVerifier(identity: stack.identity, oidcIssuer: stack.issuer, trustConfig: stack.trustConfigPath)
            _ = try await ModelVerifier(verifier: verifier).verify(modelAt: model.path, signatureAt: signaturePath)
        }
    }

    @Test(arguments: [1, 2]) func signsAnArtifact(rekorVersion: Int) async throws {
        try await Self.withStack(rekorVersion: rekorVersion) { stack, _ in
            let signature = try await Self.signer(stack, rekorVersion: rekorVersion).sign(artifact: Array("hello".utf8))
            let entry = try #require(signature.bundle.verificationMaterial.tlogEntries.first)
            #expect(entry.kind == "hashedrekord")
            #expect(entry.version == (rekorVersion == 1 ? "0.0.1" : "0.0.2"))
            #expect(signature.identity == stack.identity)
            let verifier = SigstoreVerifier(trustedRoot: try TrustedRoot(contentsOf: URL(fileURLWithPath: stack.trustedRootPath)),
                                            policy: .identity(stack.identity, issuer: stack.issuer))
            _ = try await verifier.verify(signature.bundle, artifact: .bytes(Array("hello".utf8)))
            await #expect(throws: SigstoreVerificationError.self) {
                try await verifier.verify(signature.bundle, artifact: .bytes(Array("other".utf8)))
            }
        }
    }

    // MARK: - Token flows

    @Test func interactiveFlowWithAScriptedBrowser() async throws {
        try await Self.withStack { stack, _ in
            let provider = InteractiveIdentityTokenProvider(issuer: stack.issuer, policy: Self.policy, openURL: { url in
                // The "browser": follow the provider's redirect to our loopback listener.
                var request = HTTPClientRequest(url: url)
                request.method = .GET
                if let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(10)) {
                    _ = try? await response.body.collect(upTo: 1 << 20)
                }
            })
            let token = try await provider.identityToken()
            #expect(token.identity == stack.identity)
            _ = try await Self.signer(stack, provider: provider).sign(artifact: [1, 2, 3])
        }
    }

    @Test func interactiveFlowGivesUpWhenTheBrowserNeverReturns() async throws {
        try await Self.withStack { stack, _ in
            var provider = InteractiveIdentityTokenProvider(issuer: stack.issuer, policy: Self.fastPolicy, openURL: { _ in })
            provider.callbackTimeout = 1
            let error = await #expect(throws: KeylessSigningError.self) { try await provider.identityToken() }
            #expect(error?.message.contains("never reached the loopback listener") == true, "\(String(describing: error))")
        }
    }

    @Test func outOfBandFlowWithAPastedCode() async throws {
        try await Self.withStack { stack, _ in
            let page = LockedBox<String>("")
            let provider = InteractiveIdentityTokenProvider(
                issuer: stack.issuer, forceOutOfBand: true, policy: Self.policy,
                openURL: { url in
                    var request = HTTPClientRequest(url: url)
                    request.method = .GET
                    if let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(10)),
                       let body = try? await response.body.collect(upTo: 1 << 20) {
                        page.set(String(buffer: body))
                    }
                },
                readCode: {
                    let html = page.get()
                    guard let start = html.range(of: "<code>"), let end = html.range(of: "</code>") else { return nil }
                    return String(html[start.upperBound..<end.lowerBound])
                })
            let token = try await provider.identityToken()
            #expect(token.identity == stack.identity)
        }
    }

    @Test func deviceFlowWithAScriptedApproval() async throws {
        try await Self.withStack { stack, _ in
            let provider = DeviceFlowIdentityTokenProvider(issuer: stack.issuer, policy: Self.policy, maximumWait: 60) { _, userCode in
                await stack.approveDeviceCode(userCode: userCode)
            }
            let token = try await provider.identityToken()
            #expect(token.identity == stack.identity)
        }
    }

    @Test func ambientFlowWithAFakeGitHubEndpoint() async throws {
        try await Self.withStack { stack, _ in
            let endpoint = try await FakeGitHubTokenEndpoint.start(token: stack.identityToken, requestToken: "request-secret")
            defer { endpoint.stop() }
            let provider = AmbientIdentityTokenProvider(environment: [
                "ACTIONS_ID_TOKEN_REQUEST_URL": endpoint.url + "/token?api-version=2.0",
                "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "request-secret",
            ], policy: Self.policy)
            let token = try await provider.identityToken()
            #expect(token.identity == stack.identity)
            #expect(endpoint.lastQuery()?.contains("audience=sigstore") == true)
            let wrong = AmbientIdentityTokenProvider(environment: [
                "ACTIONS_ID_TOKEN_REQUEST_URL": endpoint.url + "/token", "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "wrong",
            ], policy: Self.fastPolicy)
            let error = await #expect(throws: KeylessSigningError.self) { try await wrong.identityToken() }
            #expect(error?.message.contains("401") == true)
        }
    }

    // MARK: - Negatives: a clear error naming the service, and no signature file

    /// Signs a model with `fault` set (or a custom token) and returns the error text.
    static func failure(rekorVersion: Int = 1, fault: LocalSigstoreFault? = nil, token: ((LocalSigstore) -> String)? = nil,
                        policy: ServiceClient.Policy = policy) async throws -> String {
        try await withStack(rekorVersion: rekorVersion) { stack, directory in
            let model = try model(in: directory)
            let signaturePath = directory.appending("model.sig").path
            await stack.setFault(fault)
            let signer = try signer(stack, token: token?(stack), policy: policy)
            let error = await #expect(throws: ModelSigningError.self) {
                try await ModelSigner(signer: signer).sign(modelAt: model.path, signatureAt: signaturePath)
            }
            await stack.setFault(nil)
            #expect(!FileManager.default.fileExists(atPath: signaturePath), "no signature file may be written on failure")
            return error.map { String(describing: $0) } ?? ""
        }
    }

    @Test func expiredTokenIsRefusedBeforeAnyRequest() async throws {
        let message = try await Self.failure(token: { $0.makeToken(expiresIn: -120) })
        #expect(message.contains("expired"), "\(message)")
    }

    @Test func wrongAudienceIsRefused() async throws {
        let message = try await Self.failure(token: { $0.makeToken(audience: "not-sigstore") })
        #expect(message.contains("\"aud\""), "\(message)")
    }

    @Test func wronglySignedTokenIsRefusedByFulcio() async throws {
        let message = try await Self.failure(token: { $0.makeToken(signedByIssuer: false) })
        #expect(message.contains("Fulcio refused the token: 401"), "\(message)")
    }

    @Test func fulcioChainThatDoesNotVerify() async throws {
        let message = try await Self.failure(fault: .fulcioUntrustedChain)
        #expect(message.contains("Fulcio") && message.contains("does not verify against the trusted root"), "\(message)")
    }

    @Test func fulcioCertificateForAnotherKey() async throws {
        let message = try await Self.failure(fault: .fulcioCertificateForOtherKey)
        #expect(message.contains("another key"), "\(message)")
    }

    @Test(arguments: [1, 2]) func rekorEntryForAnotherBody(rekorVersion: Int) async throws {
        let message = try await Self.failure(rekorVersion: rekorVersion, fault: .rekorEntryForOtherBody)
        #expect(message.contains("Rekor"), "\(message)")
    }

    @Test(arguments: [1, 2]) func rekorBadInclusionProof(rekorVersion: Int) async throws {
        let message = try await Self.failure(rekorVersion: rekorVersion, fault: .rekorBadInclusionProof)
        #expect(message.contains("Rekor") && message.contains("inclusion proof"), "\(message)")
    }

    @Test(arguments: [1, 2]) func rekorCheckpointByAnotherKey(rekorVersion: Int) async throws {
        let message = try await Self.failure(rekorVersion: rekorVersion, fault: .rekorCheckpointWrongKey)
        #expect(message.contains("Rekor") && message.contains("checkpoint"), "\(message)")
    }

    @Test func timestampForAnotherDigest() async throws {
        let message = try await Self.failure(fault: .tsaWrongDigest)
        #expect(message.contains("timestamp authority") && message.contains("another digest"), "\(message)")
    }

    @Test(arguments: [LocalSigstoreService.fulcio, .rekorV1, .tsa]) func serviceDown(service: LocalSigstoreService) async throws {
        let message = try await Self.failure(fault: .down(service), policy: Self.fastPolicy)
        #expect(message.contains("unreachable"), "\(message)")
        #expect(message.contains(Self.name(of: service)), "\(message)")
    }

    @Test func rekorV2Down() async throws {
        let message = try await Self.failure(rekorVersion: 2, fault: .down(.rekorV2), policy: Self.fastPolicy)
        #expect(message.contains("Rekor") && message.contains("unreachable"), "\(message)")
    }

    @Test(arguments: [LocalSigstoreService.fulcio, .rekorV1, .tsa]) func serviceSlow(service: LocalSigstoreService) async throws {
        let message = try await Self.failure(fault: .slow(service, seconds: 5), policy: Self.fastPolicy)
        #expect(message.contains("timeout"), "\(message)")
        #expect(message.contains(Self.name(of: service)), "\(message)")
    }

    @Test func serverErrorsAreRetriedThenReported() async throws {
        let message = try await Self.failure(fault: .status(.fulcio, code: 503))
        #expect(message.contains("Fulcio refused the token: 503"), "\(message)")
    }

    @Test func oidcDownForInteractiveSignIn() async throws {
        try await Self.withStack { stack, _ in
            await stack.setFault(.down(.oidc))
            let provider = DeviceFlowIdentityTokenProvider(issuer: stack.issuer, policy: Self.fastPolicy, maximumWait: 5) { _, _ in }
            let error = await #expect(throws: KeylessSigningError.self) { try await provider.identityToken() }
            #expect(error?.message.contains("OIDC provider") == true && error?.message.contains("unreachable") == true)
            await stack.setFault(nil)
        }
    }

    static func name(of service: LocalSigstoreService) -> String {
        switch service {
        case .oidc: return "OIDC"
        case .fulcio: return "Fulcio"
        case .rekorV1, .rekorV2: return "Rekor"
        case .tsa: return "timestamp authority"
        }
    }
}

/// A value shared with a `@Sendable` closure.
final class LockedBox<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func get() -> Value { lock.withLock { value } }
    func set(_ newValue: Value) { lock.withLock { value = newValue } }
}
