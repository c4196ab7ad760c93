import Crypto
import Foundation
import ModelSigning
import Sigstore
import SwiftASN1
import X509

/// Keyless Sigstore signing: an OIDC identity token, a short-lived Fulcio certificate for an
/// ephemeral P-256 key (kept in memory only), RFC 3161 timestamps and transparency-log entries
/// (Rekor v1 or v2), packed into a v0.3 bundle that is verified before it is returned.
///
/// ```swift
/// let signer = try SigstoreSigner(tokenProvider: AmbientIdentityTokenProvider(),
///                                 trustConfig: try ClientTrustConfig(contentsOf: url))
/// try await ModelSigner(signer: signer).sign(modelAt: "model", signatureAt: "model.sig")
/// ```
///
/// Each step fails with a ``KeylessSigningError`` naming the service and what was wrong with
/// its answer; the certificate is checked against the trusted root before anything is signed.
public struct SigstoreSigner: BundleSigner {
    public var tokenProvider: any IdentityTokenProvider
    public var trustedRoot: TrustedRoot
    public var signingConfig: SigningConfig
    /// Only logs of this Rekor major version (1 or 2); nil uses the highest the config offers.
    public var rekorVersion: Int?
    /// Timeouts, retries and answer size limits for every service.
    public var policy: ServiceClient.Policy
    /// Receives one line per step (for progress on stderr).
    public var progress: (@Sendable (String) -> Void)?
    /// Receives every finished signature (the bundle plus its identity and log indices), for
    /// callers that go through ``BundleSigner`` but want to report them.
    public var onSigned: (@Sendable (Signature) -> Void)?
    /// The certificate requested ahead of time by ``preparingCertificate()``, if any.
    var preparedCertificate: PreparedCertificate?

    public init(tokenProvider: any IdentityTokenProvider, trustedRoot: TrustedRoot, signingConfig: SigningConfig,
                rekorVersion: Int? = nil, policy: ServiceClient.Policy = .init(), progress: (@Sendable (String) -> Void)? = nil) {
        self.tokenProvider = tokenProvider
        self.trustedRoot = trustedRoot
        self.signingConfig = signingConfig
        self.rekorVersion = rekorVersion
        self.policy = policy
        self.progress = progress
    }

    /// Uses the trusted root and signing configuration of a client trust configuration.
    public init(tokenProvider: any IdentityTokenProvider, trustConfig: ClientTrustConfig, rekorVersion: Int? = nil,
                policy: ServiceClient.Policy = .init(), progress: (@Sendable (String) -> Void)? = nil) throws(KeylessSigningError) {
        let config: SigningConfig
        do {
            config = try trustConfig.signingConfig()
        } catch {
            throw KeylessSigningError(.signingConfig, error.reason)
        }
        self.init(tokenProvider: tokenProvider, trustedRoot: trustConfig.trustedRoot, signingConfig: config,
                  rekorVersion: rekorVersion, policy: policy, progress: progress)
    }

    /// A finished keyless signature.
    public struct Signature: Sendable {
        public var bundle: SigstoreBundle
        /// The certificate's identity (SubjectAltName) and OIDC issuer.
        public var identity: String
        public var issuer: String
        /// The log index of each transparency-log entry.
        public var logIndices: [Int64]
    }

    public func bundle(signing payload: [UInt8]) async throws(ModelSigningError) -> SigstoreBundle {
        do {
            return try await sign(dssePayload: payload).bundle
        } catch {
            throw .signingService(error.description)
        }
    }

    /// Signs `payload` in a DSSE envelope of `payloadType` (in-toto by default).
    public func sign(dssePayload payload: [UInt8], payloadType: String = DSSEEnvelope.inTotoPayloadType) async throws(KeylessSigningError) -> Signature {
        try await sign { key throws(KeylessSigningError) in
            let pae = DSSEEnvelope.preAuthenticationSHA256(payloadType: payloadType, payload: payload)
            let signature = try SigstoreSigner.signature(ofDigest: pae, with: key)
            let envelope = DSSEEnvelope(payload: payload, payloadType: payloadType, signatures: [DSSESignature(signature: signature)])
            return (.dsseEnvelope(envelope), signature)
        } logEntry: { content, certificate in
            guard case .dsseEnvelope(let envelope) = content else { return nil }
            return .dsse(envelope, certificate: certificate)
        }
    }

    /// Signs an artifact (a `messageSignature` over its SHA-256 digest).
    public func sign(artifact bytes: [UInt8]) async throws(KeylessSigningError) -> Signature {
        let digest = Array(SHA256.hash(data: bytes))
        return try await sign { key throws(KeylessSigningError) in
            let signature = try SigstoreSigner.signature(of: bytes, with: key)
            return (.messageSignature(MessageSignature(messageDigest: (DigestAlgorithm.sha256.protobufName, digest), signature: signature)), signature)
        } logEntry: { content, certificate in
            guard case .messageSignature(let message) = content else { return nil }
            return .artifact(sha256: digest, signature: message.signature, certificate: certificate)
        }
    }

    /// A copy of this signer whose identity token and Fulcio certificate are already being
    /// obtained, in a task started now: the certificate does not depend on what is signed, so a
    /// caller hashing a model meanwhile (``ModelSigner``) saves those round trips. The first
    /// signature uses that certificate (a failure to get it is reported then); a certificate
    /// that expires within a minute by then is replaced by a fresh one.
    public func preparingCertificate() -> SigstoreSigner {
        var copy = self
        let signer = self
        copy.preparedCertificate = PreparedCertificate(Task {
            do throws(KeylessSigningError) {
                return .success(try await signer.issueCertificate())
            } catch {
                return .failure(error)
            }
        })
        return copy
    }

    // MARK: - The steps

    /// What steps 1 and 2 produce: the services, the ephemeral key and its checked certificate.
    struct IssuedCertificate: Sendable {
        let selection: SigningConfig.Selection
        let key: P256.Signing.PrivateKey
        let leaf: Certificate
        let leafDER: [UInt8]
        let identity: (name: String, issuer: String)
    }

    /// Steps 1 and 2: services and token; an ephemeral key and its certificate, checked before use.
    func issueCertificate() async throws(KeylessSigningError) -> IssuedCertificate {
        let selection: SigningConfig.Selection
        do {
            selection = try signingConfig.select(rekorVersion: rekorVersion)
        } catch {
            throw KeylessSigningError(.signingConfig, error.reason)
        }
        let token = try await tokenProvider.identityToken()
        try token.check()
        progress?("Identity token for \(token.identity ?? "?") from \(token.issuer)")

        let key = P256.Signing.PrivateKey()
        let fulcio = FulcioClient(baseURL: selection.certificateAuthority.url, policy: policy)
        progress?("Requesting a signing certificate from \(fulcio.baseURL)")
        let chain = try await fulcio.signingCertificate(for: key, token: token)
        let leaf = chain[0]
        let identity = try await checkIssuedCertificate(leaf, key: key, token: token, fulcioURL: fulcio.baseURL)
        let leafDER: [UInt8]
        do {
            leafDER = try leaf.derEncoded
        } catch {
            throw KeylessSigningError(.fulcio, "cannot encode the certificate Fulcio issued: \(error)")
        }
        return IssuedCertificate(selection: selection, key: key, leaf: leaf, leafDER: leafDER, identity: identity)
    }

    /// The prepared certificate when there is one still valid for a minute, else a new one.
    private func certificate() async throws(KeylessSigningError) -> IssuedCertificate {
        if let preparedCertificate {
            let issued = try await preparedCertificate.task.value.get()
            if issued.leaf.notValidAfter.timeIntervalSinceNow > 60 { return issued }
            progress?("The certificate requested in advance expires soon; requesting another")
        }
        return try await issueCertificate()
    }

    private func sign(content makeContent: (P256.Signing.PrivateKey) throws(KeylessSigningError) -> (SigstoreBundle.Content, [UInt8]),
                      logEntry: (SigstoreBundle.Content, Certificate) -> RekorClient.Entry?) async throws(KeylessSigningError) -> Signature {
        // 1, 2. Services, token, key and certificate (possibly obtained while the caller hashed).
        let issued = try await certificate()
        let selection = issued.selection
        let identity = issued.identity

        // 3. Signature.
        let (content, signature) = try makeContent(issued.key)
        guard let entry = logEntry(content, issued.leaf) else {
            throw KeylessSigningError(.signing, "internal: no log entry for this content")
        }

        // 4, 5. Timestamps over the signature (each checked against the trusted root) and the
        // transparency-log entries, requested at once: neither depends on the other.
        let verifier = SigstoreVerifier(trustedRoot: trustedRoot, policy: .identity(identity.name, issuer: identity.issuer))
        async let stamped = timestamps(over: signature, from: selection.timestampAuthorities, verifier: verifier)
        async let logged = logEntries(entry, in: selection.transparencyLogs)
        let (timestampResult, entryResult) = await (stamped, logged)
        let timestamps = try timestampResult.get()
        let entries = try entryResult.get()
        if entries.contains(where: { $0.signedEntryTimestamp == nil }) && timestamps.isEmpty {
            throw KeylessSigningError(.signingConfig, "Rekor v2 entries carry no signed time, so the signing config must name a timestamp authority (tsaUrls)")
        }

        // 6. The bundle, verified as any verifier will.
        let bundle = SigstoreBundle(verificationMaterial: VerificationMaterial(signer: .certificate(issued.leafDER), tlogEntries: entries,
                                                                               rfc3161Timestamps: timestamps),
                                    content: content)
        do {
            switch content {
            case .dsseEnvelope:
                _ = try await verifier.verifyDSSE(bundle)
            case .messageSignature(let message):
                _ = try await verifier.verify(bundle, artifact: .digest(.sha256, message.messageDigest?.digest ?? []))
            }
        } catch {
            throw SigstoreSigner.attribute(error, logs: selection.transparencyLogs.map(\.url))
        }
        progress?("Signed as \(identity.name) (\(identity.issuer))")
        let result = Signature(bundle: bundle, identity: identity.name, issuer: identity.issuer, logIndices: entries.map(\.logIndex))
        onSigned?(result)
        return result
    }

    /// One RFC 3161 timestamp per authority, each checked against the trusted root.
    private func timestamps(over signature: [UInt8], from authorities: [SigningConfig.Service],
                            verifier: SigstoreVerifier) async -> Result<[[UInt8]], KeylessSigningError> {
        var timestamps: [[UInt8]] = []
        for authority in authorities {
            let client = TimestampAuthorityClient(url: authority.url, policy: policy)
            progress?("Requesting a timestamp from \(authority.url)")
            let response: [UInt8]
            do throws(KeylessSigningError) {
                response = try await client.timestamp(signature: signature)
            } catch {
                return .failure(error)
            }
            do {
                _ = try await verifier.verifyTimestamp(response, over: signature, label: "the timestamp from \(authority.url)")
            } catch {
                return .failure(KeylessSigningError(.timestampAuthority, "the timestamp authority at \(authority.url) answered with a timestamp that does not verify: \(error.reason)"))
            }
            timestamps.append(response)
        }
        return .success(timestamps)
    }

    /// The entry uploaded to each selected log.
    private func logEntries(_ entry: RekorClient.Entry, in logs: [SigningConfig.Service]) async -> Result<[TransparencyLogEntry], KeylessSigningError> {
        var entries: [TransparencyLogEntry] = []
        for log in logs {
            let client = RekorClient(baseURL: log.url, majorAPIVersion: log.majorAPIVersion, policy: policy)
            progress?("Uploading to the transparency log \(log.url) (Rekor v\(log.majorAPIVersion))")
            do throws(KeylessSigningError) {
                entries.append(try await client.upload(entry))
            } catch {
                return .failure(error)
            }
        }
        return .success(entries)
    }

    /// The chain to the trusted root with the SCT, the key, and the identity of the token.
    private func checkIssuedCertificate(_ leaf: Certificate, key: P256.Signing.PrivateKey, token: IdentityToken,
                                        fulcioURL: String) async throws(KeylessSigningError) -> (name: String, issuer: String) {
        guard leaf.publicKey == Certificate.PublicKey(key.publicKey) else {
            throw KeylessSigningError(.fulcio, "Fulcio at \(fulcioURL) issued a certificate for another key than the one in the request")
        }
        let certificateIdentity: CertificateIdentity
        do {
            certificateIdentity = try await SigstoreVerifier(trustedRoot: trustedRoot, policy: .identity("", issuer: ""))
                .verifyIssuedCertificate(leaf)
        } catch {
            throw KeylessSigningError(.fulcio, "the certificate Fulcio at \(fulcioURL) issued does not verify against the trusted root (\(error.check.rawValue)): \(error.reason)")
        }
        guard let issuer = certificateIdentity.issuer, issuer.utf8.elementsEqual(token.issuer.utf8) else {
            throw KeylessSigningError(.fulcio, "the certificate's OIDC issuer \"\(certificateIdentity.issuer ?? "none")\" is not the token's issuer \"\(token.issuer)\"")
        }
        let names = certificateIdentity.subjectAlternativeNames
        if let email = token.email, !IdentityToken.subjectIdentityIssuers.contains(token.issuer) {
            guard names.contains(where: { $0.utf8.elementsEqual(email.utf8) }) else {
                throw KeylessSigningError(.fulcio, "the certificate names \(names) instead of the token's email \"\(email)\"")
            }
            return (email, issuer)
        }
        guard let name = names.first else {
            throw KeylessSigningError(.fulcio, "the certificate Fulcio issued has no SubjectAltName identity")
        }
        return (name, issuer)
    }

    private static func signature(ofDigest digest: SHA256.Digest, with key: P256.Signing.PrivateKey) throws(KeylessSigningError) -> [UInt8] {
        do {
            return Array(try key.signature(for: digest).derRepresentation)
        } catch {
            throw KeylessSigningError(.signing, "signing failed: \(error)")
        }
    }

    private static func signature(of message: [UInt8], with key: P256.Signing.PrivateKey) throws(KeylessSigningError) -> [UInt8] {
        do {
            return Array(try key.signature(for: message).derRepresentation)
        } catch {
            throw KeylessSigningError(.signing, "signing failed: \(error)")
        }
    }

    /// Names the service whose answer made the finished bundle fail verification.
    static func attribute(_ error: SigstoreVerificationError, logs: [String]) -> KeylessSigningError {
        let logNames = logs.joined(separator: ", ")
        switch error.check {
        case .inclusionProof, .checkpoint, .logEntryBody, .signedEntryTimestamp:
            return KeylessSigningError(.rekor, "the entry Rekor (\(logNames)) returned does not verify (\(error.check.rawValue)): \(error.reason)")
        case .timestamp:
            return KeylessSigningError(.timestampAuthority, "a timestamp does not verify: \(error.reason)")
        case .certificateChain, .signedCertificateTimestamp, .identity, .signerValidity:
            return KeylessSigningError(.fulcio, "the signing certificate does not verify (\(error.check.rawValue)): \(error.reason)")
        default:
            return KeylessSigningError(.bundleVerification, "the finished bundle does not verify (\(error.check.rawValue)): \(error.reason)")
        }
    }
}
