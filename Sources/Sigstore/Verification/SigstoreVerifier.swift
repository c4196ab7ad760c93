import Foundation
import X509

/// Verifies Sigstore bundles offline against a ``TrustedRoot`` and a ``VerificationPolicy``.
///
/// ```swift
/// let verifier = SigstoreVerifier(trustedRoot: try .production(),
///                                 policy: .identity("name@example.com", issuer: "https://accounts.example.com"))
/// let result = try await verifier.verify(bundle, artifact: .file(url))
/// ```
///
/// The steps, in order: bundle structure; trusted times (RFC 3161 timestamps, and Rekor v1
/// integrated times whose signed entry timestamp verifies); the Fulcio chain at every trusted
/// time; the embedded SCT; the identity policy; inclusion proofs and signed checkpoints; the
/// signature; the log entries' bodies against the bundle. Every failure is a
/// ``SigstoreVerificationError`` naming the check. No network is used.
public struct SigstoreVerifier: Sendable {
    public let trustedRoot: TrustedRoot
    public let policy: VerificationPolicy
    private let currentTime: @Sendable () -> Date

    /// A verifier trusting `trustedRoot` and requiring `policy` of every bundle.
    ///
    /// - Parameters:
    ///   - trustedRoot: the Fulcio, Rekor, CT log and timestamp authority keys to trust.
    ///   - policy: what the signer's identity must be, and which checks are required.
    ///   - currentTime: the clock used only to reject integrated times in the future;
    ///     certificates are validated at the bundle's trusted times, never now.
    public init(trustedRoot: TrustedRoot, policy: VerificationPolicy, currentTime: @escaping @Sendable () -> Date = { Date() }) {
        self.trustedRoot = trustedRoot
        self.policy = policy
        self.currentTime = currentTime
    }

    /// Verifies a bundle against an artifact.
    ///
    /// For a `messageSignature` bundle the signature must be over the artifact; for a DSSE
    /// bundle the payload type must be in-toto and the artifact's digest one of the statement's
    /// subjects.
    public func verify(_ bundle: SigstoreBundle, artifact: Artifact) async throws(SigstoreVerificationError) -> SigstoreVerificationResult {
        let digests = try ArtifactDigests(artifact)
        let result = try await verifyBundle(bundle, artifact: digests)
        if case .dsse(let payloadType, let payload) = result.content {
            try InTotoSubjects.check(payloadType: payloadType, payload: payload, artifact: digests)
        }
        return result
    }

    /// Verifies a DSSE bundle and returns its verified payload (``SigstoreVerificationResult/payload``),
    /// without interpreting the payload.
    public func verifyDSSE(_ bundle: SigstoreBundle) async throws(SigstoreVerificationError) -> SigstoreVerificationResult {
        guard bundle.dsseEnvelope != nil else {
            throw SigstoreVerificationError(.bundleStructure, "the bundle holds a message signature, not a DSSE envelope")
        }
        return try await verifyBundle(bundle, artifact: nil)
    }

    // MARK: - The steps

    private struct Signer {
        var certificate: Certificate?
        var der: [UInt8]
        var key: VerificationKey
    }

    private func verifyBundle(_ bundle: SigstoreBundle, artifact: ArtifactDigests?) async throws(SigstoreVerificationError) -> SigstoreVerificationResult {
        // 1. Structure.
        guard let version = bundle.version else {
            throw SigstoreVerificationError(.bundleStructure, "unsupported bundle media type \(DisplayText.quoted(bundle.mediaType))")
        }
        let material = bundle.verificationMaterial
        let signer = try signer(of: bundle)
        let signatureBytes: [UInt8]
        switch bundle.content {
        case .dsseEnvelope(let envelope):
            guard envelope.signatures.count == 1 else {
                throw SigstoreVerificationError(
                    .bundleStructure, "the DSSE envelope has \(envelope.signatures.count) signatures; exactly 1 is required")
            }
            signatureBytes = envelope.signatures[0].signature
        case .messageSignature(let message):
            guard artifact != nil else {
                throw SigstoreVerificationError(.bundleStructure, "a message-signature bundle needs the artifact or its digest")
            }
            signatureBytes = message.signature
        }
        try checkLogEntryStructure(material, version: version)
        guard material.rfc3161Timestamps.count <= TimestampVerifier.maximumCount else {
            throw SigstoreVerificationError(
                .bundleStructure,
                "the bundle has \(material.rfc3161Timestamps.count) timestamps; at most \(TimestampVerifier.maximumCount) are accepted")
        }
        guard Set(material.rfc3161Timestamps).count == material.rfc3161Timestamps.count else {
            throw SigstoreVerificationError(.bundleStructure, "the bundle contains duplicate timestamps")
        }

        // 2. Trusted times.
        var trustedTimes: [SigstoreVerificationResult.TrustedTime] = []
        var skipped: [String] = []
        if !material.rfc3161Timestamps.isEmpty {
            guard !trustedRoot.timestampAuthorities.isEmpty else {
                throw SigstoreVerificationError(
                    .timestamp, "the bundle carries RFC 3161 timestamps but the trusted root names no timestamp authority")
            }
            let verifier = TimestampVerifier(authorities: trustedRoot.timestampAuthorities)
            for (index, token) in material.rfc3161Timestamps.enumerated() {
                switch try await verifier.verify(token, over: signatureBytes, label: "timestamp #\(index + 1)") {
                case .verified(let date, let authority):
                    trustedTimes.append(.init(date: date, source: .timestampAuthority(authority.displayName)))
                case .skipped(let reason):
                    skipped.append(reason)
                }
            }
        }
        var setVerified = Set<Int>()
        for (index, entry) in material.tlogEntries.enumerated() {
            guard let integratedTime = entry.integratedTime, integratedTime != 0, entry.signedEntryTimestamp != nil else { continue }
            let log = try transparencyLog(for: entry, check: .signedEntryTimestamp)
            let date = Date(timeIntervalSince1970: TimeInterval(integratedTime))
            guard date <= currentTime().addingTimeInterval(60) else {
                throw SigstoreVerificationError(
                    .signedEntryTimestamp, "integratedTime \(RFC3339.string(date)) of entry \(entry.logIndex) is in the future")
            }
            guard log.validity.contains(date) else {
                throw SigstoreVerificationError(
                    .signedEntryTimestamp,
                    "integratedTime \(RFC3339.string(date)) is outside the validity of log \(log.displayName) (\(log.validity))")
            }
            try SignedEntryTimestamp.verify(entry, log: log)
            setVerified.insert(index)
            trustedTimes.append(.init(date: date, source: .transparencyLog(baseURL: log.baseURL, logIndex: entry.logIndex)))
        }

        // 3–5, 7. Signer: chain at every trusted time, SCT, identity; times within validity.
        let resultSigner: SigstoreVerificationResult.Signer
        if let certificate = signer.certificate {
            guard trustedTimes.count >= max(policy.minimumTrustedTimes, 1) else {
                let detail = skipped.isEmpty ? "" : " (\(skipped.joined(separator: "; ")))"
                throw SigstoreVerificationError(
                    .trustedTime,
                    "\(trustedTimes.count) verified time(s), \(max(policy.minimumTrustedTimes, 1)) required: the bundle needs a signed entry timestamp or a verified RFC 3161 timestamp\(detail)")
            }
            let validator = FulcioChainValidator(authorities: trustedRoot.certificateAuthorities)
            var chain: [Certificate] = []
            for time in trustedTimes {
                chain = try await validator.validate(certificate, at: time.date, timeSource: time.source.label)
            }
            if policy.requireSignedCertificateTimestamp {
                _ = try SignedCertificateTimestamp.verifyEmbedded(in: certificate, chain: chain,
                                                                  logs: trustedRoot.certificateTransparencyLogs)
            }
            let identity = try CertificateIdentity(certificate)
            if case .certificate(let identityPolicy?) = policy.signer {
                try identityPolicy.check(identity)
            }
            resultSigner = .certificate(certificate, identity: identity, chain: chain)
        } else {
            if case .publicKey(let trusted) = policy.signer, let validity = trusted.validity {
                guard !trustedTimes.isEmpty else {
                    throw SigstoreVerificationError(.trustedTime, "the key has a validity window but the bundle has no verified time")
                }
                for time in trustedTimes where !validity.contains(time.date) {
                    throw SigstoreVerificationError(
                        .signerValidity,
                        "signature time \(RFC3339.string(time.date)) (\(time.source.label)) is outside the public key's validity window (\(validity))")
                }
            }
            guard trustedTimes.count >= policy.minimumTrustedTimes else {
                throw SigstoreVerificationError(
                    .trustedTime, "\(trustedTimes.count) verified time(s), \(policy.minimumTrustedTimes) required")
            }
            resultSigner = .publicKey(subjectPublicKeyInfo: signer.key.subjectPublicKeyInfo)
        }

        // 6. Inclusion proofs and checkpoints.
        var logEntries: [SigstoreVerificationResult.LogEntry] = []
        for (index, entry) in material.tlogEntries.enumerated() {
            var verified = SigstoreVerificationResult.LogEntry(
                logURL: "", logIndex: entry.logIndex, kind: entry.kind, version: entry.version,
                integratedTime: entry.integratedTime.flatMap { $0 == 0 ? nil : Date(timeIntervalSince1970: TimeInterval($0)) },
                signedEntryTimestampVerified: setVerified.contains(index), inclusionProofVerified: false)
            let log = try transparencyLog(for: entry, check: .inclusionProof)
            verified.logURL = log.baseURL
            if let proof = entry.inclusionProof, proof.checkpoint != nil || version >= .v02 {
                let checkpoint = try verifyInclusion(entry, proof: proof, log: log, trustedTimes: trustedTimes)
                verified.inclusionProofVerified = true
                verified.checkpointOrigin = checkpoint.origin
                verified.treeSize = checkpoint.size
            }
            logEntries.append(verified)
        }

        // 8. The signature.
        let signed: SignedMaterial.Content
        let content: SigstoreVerificationResult.Content
        switch bundle.content {
        case .dsseEnvelope(let envelope):
            guard signer.key.isValidSignature(signatureBytes, for: envelope.preAuthenticationEncoding) else {
                throw SigstoreVerificationError(.signature, "DSSE signature invalid for the signing \(signer.certificate == nil ? "key" : "certificate")'s \(signer.key.kind.name) key")
            }
            signed = .dsse(envelope)
            content = .dsse(payloadType: envelope.payloadType, payload: envelope.payload)
        case .messageSignature(let message):
            guard let artifact else {
                throw SigstoreVerificationError(.bundleStructure, "a message-signature bundle needs the artifact or its digest")
            }
            try verifyMessageSignature(message, key: signer.key, artifact: artifact)
            let captured = artifact
            signed = .message(signature: message.signature, digest: { captured.digest($0) })
            content = .messageSignature(signature: message.signature)
        }

        // 9. Log entry bodies.
        let signedMaterial = SignedMaterial(content: signed, signerDER: signer.der, signerIsCertificate: signer.certificate != nil,
                                            signerKey: signer.key)
        for entry in material.tlogEntries {
            try LogEntryBody.check(entry, against: signedMaterial)
        }

        return SigstoreVerificationResult(signer: resultSigner, content: content, logEntries: logEntries, trustedTimes: trustedTimes,
                                  skippedTimestamps: skipped)
    }

    /// The signer from the verification material, matched against the policy.
    private func signer(of bundle: SigstoreBundle) throws(SigstoreVerificationError) -> Signer {
        let material = bundle.verificationMaterial
        switch (policy.signer, material.signer) {
        case (.certificate, .certificate(let der)):
            return try certificateSigner(der)
        case (.certificate, .x509CertificateChain(let chain)):
            guard let leafDER = chain.first else {
                throw SigstoreVerificationError(.bundleStructure, "x509CertificateChain.certificates is empty")
            }
            // Bundle certificates other than the leaf are never used for path building; a root
            // among them is rejected as the client specification requires — except in v0.1
            // bundles, which older clients wrote with the whole chain (sigstore-go accepts them).
            let tolerateRoot = policy.allowRootInCertificateChain || bundle.version == .v01
            for (index, der) in chain.enumerated().dropFirst() {
                guard let certificate = try? Certificate(derEncoded: der) else {
                    throw SigstoreVerificationError(.bundleStructure, "chain certificate #\(index) is not an X.509 certificate")
                }
                if certificate.subject == certificate.issuer && !tolerateRoot {
                    throw SigstoreVerificationError(
                        .bundleStructure, "the bundle's certificate chain contains a root CA (\(certificate.subject)); bundles must not carry roots")
                }
            }
            return try certificateSigner(leafDER)
        case (.publicKey(let trusted), .publicKey):
            return Signer(certificate: nil, der: trusted.subjectPublicKeyInfo, key: trusted.key)
        case (.certificate, .publicKey):
            throw SigstoreVerificationError(
                .bundleStructure, "the bundle is signed with a public key, but keyless (certificate) verification was requested")
        case (.publicKey, _):
            throw SigstoreVerificationError(
                .bundleStructure, "the bundle carries \(material.signerKindName), but verification with a public key was requested")
        }
    }

    private func certificateSigner(_ der: [UInt8]) throws(SigstoreVerificationError) -> Signer {
        let certificate: Certificate
        do {
            certificate = try Certificate(derEncoded: der)
        } catch {
            throw SigstoreVerificationError(.bundleStructure, "the signing certificate is not an X.509 certificate: \(LibraryErrorText.problem(error, der: der))")
        }
        return Signer(certificate: certificate, der: der, key: VerificationKey(certificate.publicKey))
    }

    private func checkLogEntryStructure(_ material: VerificationMaterial, version: SigstoreBundle.BundleVersion) throws(SigstoreVerificationError) {
        if material.tlogEntries.isEmpty {
            if policy.requireTransparencyLog {
                throw SigstoreVerificationError(.bundleStructure, "the bundle has no transparency log entry")
            }
            return
        }
        // Every entry costs signature checks and a Merkle proof: bound the work before any of it.
        guard material.tlogEntries.count <= TransparencyLogEntry.maximumCountPerBundle else {
            throw SigstoreVerificationError(
                .bundleStructure,
                "the bundle has \(material.tlogEntries.count) transparency log entries; at most \(TransparencyLogEntry.maximumCountPerBundle) are accepted")
        }
        var seenEntries = Set<TransparencyLogEntry.Identity>()
        for entry in material.tlogEntries where !seenEntries.insert(entry.identity).inserted {
            throw SigstoreVerificationError(
                .bundleStructure, "the bundle lists transparency log entry \(entry.logIndex) of log \(Base64.encode(entry.logID)) more than once")
        }
        for entry in material.tlogEntries {
            let name = "entry \(entry.logIndex)"
            if version == .v01 {
                guard entry.signedEntryTimestamp != nil else {
                    throw SigstoreVerificationError(.bundleStructure, "\(name): a v0.1 bundle needs an inclusion promise (SET)")
                }
                if policy.requireInclusionProof, entry.inclusionProof?.checkpoint == nil {
                    throw SigstoreVerificationError(.bundleStructure, "\(name): no inclusion proof with a checkpoint (required by the policy)")
                }
            } else {
                guard let proof = entry.inclusionProof else {
                    throw SigstoreVerificationError(.bundleStructure, "\(name): a v0.2+ bundle needs an inclusion proof")
                }
                guard proof.checkpoint != nil else {
                    throw SigstoreVerificationError(.bundleStructure, "\(name): the inclusion proof has no checkpoint")
                }
                guard entry.signedEntryTimestamp != nil || !material.rfc3161Timestamps.isEmpty else {
                    throw SigstoreVerificationError(
                        .bundleStructure, "\(name): the bundle needs an inclusion promise (SET) or an RFC 3161 timestamp")
                }
            }
        }
    }

    private func transparencyLog(for entry: TransparencyLogEntry, check: SigstoreVerificationError.Check) throws(SigstoreVerificationError) -> TransparencyLogInstance {
        guard let log = trustedRoot.transparencyLog(id: entry.logID) else {
            throw SigstoreVerificationError(
                check, "entry \(entry.logIndex) is from log \(Base64.encode(entry.logID)), which the trusted root does not list")
        }
        return log
    }

    private func verifyInclusion(_ entry: TransparencyLogEntry, proof: InclusionProof, log: TransparencyLogInstance,
                                 trustedTimes: [SigstoreVerificationResult.TrustedTime]) throws(SigstoreVerificationError) -> Checkpoint {
        let isRekorV2 = entry.integratedTime == nil || entry.integratedTime == 0
        if isRekorV2 {
            guard proof.logIndex == entry.logIndex else {
                throw SigstoreVerificationError(
                    .inclusionProof, "the proof's index \(proof.logIndex) differs from the entry's \(entry.logIndex) (Rekor v2 logs are not sharded)")
            }
            for time in trustedTimes where !log.validity.contains(time.date) {
                throw SigstoreVerificationError(
                    .inclusionProof, "\(time.source.label) \(RFC3339.string(time.date)) is outside the validity of log \(log.displayName) (\(log.validity))")
            }
        }
        let root = try MerkleTree.rootFromInclusionProof(index: proof.logIndex, size: proof.treeSize,
                                                         leafHash: MerkleTree.leafHash(entry.canonicalizedBody), proof: proof.hashes)
        guard let text = proof.checkpoint else {
            throw SigstoreVerificationError(.checkpoint, "the inclusion proof has no checkpoint")
        }
        let checkpoint = try Checkpoint(text)
        try checkpoint.verify(by: log)
        guard checkpoint.size == proof.treeSize else {
            throw SigstoreVerificationError(
                .inclusionProof, "the proof's tree size \(proof.treeSize) differs from the checkpoint's \(checkpoint.size)")
        }
        guard checkpoint.rootHash == proof.rootHash else {
            throw SigstoreVerificationError(
                .inclusionProof, "the proof's root hash \(Hex.encode(proof.rootHash)) differs from the checkpoint root \(Hex.encode(checkpoint.rootHash))")
        }
        guard root == checkpoint.rootHash else {
            throw SigstoreVerificationError(
                .inclusionProof, "inclusion proof does not reach the checkpoint root (computed \(Hex.encode(root)), checkpoint \(Hex.encode(checkpoint.rootHash)))")
        }
        return checkpoint
    }

    private func verifyMessageSignature(_ message: MessageSignature, key: VerificationKey, artifact: ArtifactDigests) throws(SigstoreVerificationError) {
        var algorithm = key.defaultDigest
        if let recorded = message.messageDigest {
            guard let named = DigestAlgorithm(name: recorded.algorithm) else {
                throw SigstoreVerificationError(.bundleStructure, "unsupported messageDigest algorithm \(DisplayText.quoted(recorded.algorithm))")
            }
            algorithm = named
            if let actual = artifact.digest(named) {
                guard actual == recorded.digest else {
                    throw SigstoreVerificationError(
                        .artifact, "the artifact's \(named.rawValue) digest \(Hex.encode(actual)) differs from the bundle's messageDigest \(Hex.encode(recorded.digest))")
                }
            }
        }
        guard let valid = artifact.isValidSignature(message.signature, key: key, algorithm: algorithm) else {
            let known = artifact.algorithms.map(\.rawValue).joined(separator: ", ")
            throw SigstoreVerificationError(
                .artifact,
                "the signature is over a \(algorithm.rawValue) digest with a \(key.kind.name) key, which cannot be checked from the \(known.isEmpty ? "input" : "\(known) digest") given; pass the artifact file")
        }
        guard valid else {
            throw SigstoreVerificationError(.signature, "signature invalid for the artifact (\(key.kind.name) key, \(algorithm.rawValue))")
        }
    }
}

extension SigstoreVerificationResult.TrustedTime.Source: CustomStringConvertible {
    public var description: String { label }

    var label: String {
        switch self {
        case .transparencyLog(let url, let index): return "integratedTime of entry \(index) in \(url)"
        case .timestampAuthority(let name): return "timestamp from \(name)"
        }
    }
}
