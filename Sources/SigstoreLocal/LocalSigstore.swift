import Crypto
import Foundation
import Sigstore
import X509

/// A complete Sigstore on 127.0.0.1 for tests and local experiments: an OIDC issuer, Fulcio,
/// Rekor v1 and v2, and an RFC 3161 TSA, each on its own ephemeral port, with real
/// cryptography (fresh keys per start).
///
/// ``start(directory:rekorVersion:https:)`` writes into `directory`: `trusted_root.json`,
/// `signing_config.json`, `trust_config.json` (ClientTrustConfig selecting Rekor
/// `rekorVersion`), `trust_config_rekor_v1.json`, `trust_config_rekor_v2.json`,
/// `identity_token`, `identity`, `issuer`, the TSA's working files under `tsa/`, and
/// `ready` last, once every service has answered a request.
public final class LocalSigstore: Sendable {
    /// DIR/trust_config.json: a ClientTrustConfig whose signing config selects the Rekor
    /// version given to ``start(directory:rekorVersion:https:)``.
    public let trustConfigPath: String
    /// DIR/trusted_root.json.
    public let trustedRootPath: String
    /// DIR/signing_config.json (the signing config inside ``trustConfigPath``).
    public let signingConfigPath: String
    /// The identity every token of this issuer names (email and subject).
    public let identity: String
    /// The OIDC issuer URL (also the value of the certificates' issuer extensions).
    public var issuer: String { oidcURL }
    /// The OIDC issuer's base URL (discovery at `/.well-known/openid-configuration`).
    public let oidcURL: String
    /// Fulcio's base URL (`POST /api/v2/signingCert`).
    public let fulcioURL: String
    /// Rekor v1's base URL (`POST /api/v1/log/entries`).
    public let rekorV1URL: String
    /// Rekor v2's base URL (`POST /api/v2/log/entries`); its host is the checkpoint origin.
    public let rekorV2URL: String
    /// The TSA's timestamp endpoint (`…/api/v1/timestamp`).
    public let tsaURL: String
    /// The TSA's signing certificate and root, PEM, in that order (`tsa/chain.pem`).
    public var tsaCertificateChainPath: String { directory + "/tsa/chain.pem" }
    /// The folder the files were written to.
    public let directory: String

    /// A fresh identity token for ``identity`` (audience `sigstore`), valid for an hour.
    public var identityToken: String {
        makeToken(expiresIn: 3600)
    }

    private let servers: [LocalSigstoreService: LocalHTTPServer]
    private let faults: LocalSigstoreFaultState
    private let oidc: LocalOIDCIssuer
    private let tokens: LocalIdentityToken

    private init(directory: String, servers: [LocalSigstoreService: LocalHTTPServer], faults: LocalSigstoreFaultState,
                 oidc: LocalOIDCIssuer, tsaURL: String) {
        self.directory = directory
        self.servers = servers
        self.faults = faults
        self.oidc = oidc
        tokens = oidc.tokens
        identity = oidc.identity
        trustConfigPath = directory + "/trust_config.json"
        trustedRootPath = directory + "/trusted_root.json"
        signingConfigPath = directory + "/signing_config.json"
        oidcURL = servers[.oidc]?.url ?? ""
        fulcioURL = servers[.fulcio]?.url ?? ""
        rekorV1URL = servers[.rekorV1]?.url ?? ""
        rekorV2URL = servers[.rekorV2]?.url ?? ""
        self.tsaURL = tsaURL
    }

    /// Starts every service and writes the trust material (see the type's description).
    ///
    /// - Parameters:
    ///   - directory: where the files go (created if needed).
    ///   - rekorVersion: the Rekor major version (1 or 2) `trust_config.json` selects.
    ///   - https: must be false: the clients this stack serves (sigstore-python 4.5.1,
    ///     model_signing 1.1.1, our signer) accept `http://` service URLs, so no TLS is set up.
    /// - Throws: ``LocalSigstoreError`` when a port cannot be bound, a file cannot be written,
    ///   or a service does not answer.
    public static func start(directory: String, rekorVersion: Int = 1, https: Bool = false) async throws -> LocalSigstore {
        guard rekorVersion == 1 || rekorVersion == 2 else {
            throw LocalSigstoreError("Rekor version \(rekorVersion) is not served (1 or 2)")
        }
        guard !https else {
            throw LocalSigstoreError("HTTPS is not implemented: every client served here accepts http:// service URLs")
        }
        let folder = URL(fileURLWithPath: directory)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try? FileManager.default.removeItem(at: folder.appendingPathComponent("ready"))

        let faults = LocalSigstoreFaultState()
        var servers: [LocalSigstoreService: LocalHTTPServer] = [:]
        do {
            for service in LocalSigstoreService.allCases {
                let server = LocalHTTPServer(service: service, faults: faults)
                servers[service] = server
                try await server.start()
            }
        } catch {
            for server in servers.values { await server.stop() }
            throw error
        }
        func url(_ service: LocalSigstoreService) -> String { servers[service]?.url ?? "" }

        do {
            // Validity starts a day back so that clock skew and just-made signatures are covered.
            let validFrom = Date() - 86_400
            let tokens = LocalIdentityToken(issuer: url(.oidc), signingKey: P256.Signing.PrivateKey(),
                                            keyID: Hex.encode(SymmetricKey(size: .bits128).withUnsafeBytes { Array($0) }))
            let oidc = LocalOIDCIssuer(tokens: tokens, identity: "signer@loopback.test")
            let authority = try LocalCertificateAuthority(name: "sigstore-local Fulcio", notBefore: validFrom)
            let ctLog = LocalCTLog(key: P256.Signing.PrivateKey())
            let fulcio = LocalFulcio(authority: authority,
                                     untrustedAuthority: try LocalCertificateAuthority(name: "untrusted", notBefore: validFrom),
                                     ctLog: ctLog, tokens: tokens, faults: faults)
            let rekorV1 = LocalRekorV1(key: P256.Signing.PrivateKey(), treeID: Int64.random(in: 1...Int64.max),
                                       host: "127.0.0.1", faults: faults)
            let v2Origin = String(url(.rekorV2).dropFirst("http://".count))
            let rekorV2 = LocalRekorV2(key: Curve25519.Signing.PrivateKey(), origin: v2Origin, faults: faults)
            let tsa = try LocalTimestampAuthority(directory: folder.appendingPathComponent("tsa"), notBefore: validFrom, faults: faults)
            servers[.oidc]?.install(oidc)
            servers[.fulcio]?.install(fulcio)
            servers[.rekorV1]?.install(rekorV1)
            servers[.rekorV2]?.install(rekorV2)
            servers[.tsa]?.install(tsa)

            let tsaURL = url(.tsa) + "/api/v1/timestamp"
            let material = LocalTrustMaterial(
                rekorV1: .init(baseURL: url(.rekorV1), keyDetails: "PKIX_ECDSA_P256_SHA_256",
                               publicKeyDER: rekorV1.log.signer.publicKeyDER, logID: rekorV1.logID),
                rekorV2: .init(baseURL: url(.rekorV2), keyDetails: "PKIX_ED25519",
                               publicKeyDER: rekorV2.log.signer.publicKeyDER, logID: rekorV2.logID),
                ctLog: .init(baseURL: url(.fulcio), keyDetails: "PKIX_ECDSA_P256_SHA_256",
                             publicKeyDER: Array(ctLog.key.publicKey.derRepresentation), logID: ctLog.logID),
                fulcioURL: url(.fulcio), fulcioChain: authority.chain, oidcURL: url(.oidc),
                tsaURL: tsaURL, tsaChain: [tsa.leaf, tsa.root], validFrom: validFrom)
            let sigstore = LocalSigstore(directory: folder.path, servers: servers, faults: faults, oidc: oidc, tsaURL: tsaURL)
            try write(material.trustedRoot, to: sigstore.trustedRootPath)
            try write(material.signingConfig(rekorVersion: rekorVersion), to: sigstore.signingConfigPath)
            try write(material.clientTrustConfig(rekorVersion: rekorVersion), to: sigstore.trustConfigPath)
            try write(material.clientTrustConfig(rekorVersion: 1), to: folder.appendingPathComponent("trust_config_rekor_v1.json").path)
            try write(material.clientTrustConfig(rekorVersion: 2), to: folder.appendingPathComponent("trust_config_rekor_v2.json").path)
            try writeText(sigstore.identityToken + "\n", to: folder.appendingPathComponent("identity_token").path)
            try writeText(sigstore.identity + "\n", to: folder.appendingPathComponent("identity").path)
            try writeText(sigstore.issuer + "\n", to: folder.appendingPathComponent("issuer").path)
            try await sigstore.waitUntilServing()
            try writeText("\(ProcessInfo.processInfo.processIdentifier)\n", to: folder.appendingPathComponent("ready").path)
            return sigstore
        } catch {
            for server in servers.values { await server.stop() }
            throw error
        }
    }

    /// A token from this issuer. With `signedByIssuer: false` it is signed by a key that is not
    /// in the JWKS; `email` overrides the identity (also used as subject).
    public func makeToken(audience: String = "sigstore", expiresIn: TimeInterval = 600, email: String? = nil,
                          signedByIssuer: Bool = true) -> String {
        // A negative `expiresIn` makes an already expired token, issued a minute before it expired.
        let now = Date()
        let expiry = now + expiresIn
        let issuedAt = min(now, expiry - 60)
        let subject = email ?? identity
        return tokens.make(subject: subject, email: subject, audience: audience, issuedAt: issuedAt,
                           expiresIn: expiry.timeIntervalSince(issuedAt),
                           signingKey: signedByIssuer ? nil : P256.Signing.PrivateKey())
    }

    /// Approves the pending device-flow request whose user code is `userCode` (what a user
    /// does in the browser); the client's next token poll then gets a token.
    public func approveDeviceCode(userCode: String) async {
        oidc.approve(userCode: userCode)
    }

    /// Sets the misbehaviour of the services (one at a time; `nil` restores normal behaviour).
    /// A ``LocalSigstoreFault/down(_:)`` service stops listening and listens again, on the
    /// same port, when the fault is replaced or cleared.
    public func setFault(_ fault: LocalSigstoreFault?) async {
        let previous = faults.current
        if case .down(let service)? = previous, let server = servers[service] {
            try? await server.start(port: server.port)
        }
        faults.set(fault?.kind)
        if case .down(let service)? = fault?.kind, let server = servers[service] {
            await server.goDown()
        }
    }

    /// Stops every service.
    public func stop() async {
        for server in servers.values { await server.stop() }
    }

    /// Waits (bounded) until every service answers an HTTP request.
    private func waitUntilServing() async throws {
        for service in LocalSigstoreService.allCases {
            guard let server = servers[service] else { continue }
            var answered = false
            for _ in 0..<50 where !answered {
                answered = await LocalHTTPProbe.answers(host: "127.0.0.1", port: server.port)
                if !answered { try await Task.sleep(nanoseconds: 100_000_000) }
            }
            guard answered else { throw LocalSigstoreError("\(service.rawValue) on \(server.url) does not answer") }
        }
    }

    private static func write(_ value: JSONValue, to path: String) throws {
        try writeText(String(decoding: value.serialized(), as: UTF8.self) + "\n", to: path)
    }

    private static func writeText(_ text: String, to path: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw LocalSigstoreError("cannot write \(path): \(error)")
        }
    }
}
