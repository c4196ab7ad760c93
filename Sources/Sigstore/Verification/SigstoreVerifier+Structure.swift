import X509

extension SigstoreVerifier {
    /// The signing certificate or key a bundle names, matched against the signer policy.
    struct BundleSigner {
        /// The leaf certificate; nil for a key-signed bundle.
        var certificate: Certificate?
        /// The DER certificate, or the DER SubjectPublicKeyInfo of a key.
        var der: [UInt8]
        var key: VerificationKey
    }

    /// What the structure check established: the bundle version, its signer and its signature.
    struct CheckedStructure {
        var version: SigstoreBundle.BundleVersion
        var signer: BundleSigner
        var signatureBytes: [UInt8]
    }

    /// Step 1: the media type, the signer kind, one signature, and the log entries and
    /// timestamps the bundle version and the configuration require — bounded before any
    /// cryptography runs.
    func checkStructure(of bundle: SigstoreBundle, artifactGiven: Bool,
                        signerPolicy: VerificationPolicy.Signer) throws(SigstoreVerificationError) -> CheckedStructure {
        guard let version = bundle.version else {
            throw SigstoreVerificationError(.bundleStructure, "unsupported bundle media type \(DisplayText.quoted(bundle.mediaType))")
        }
        let material = bundle.verificationMaterial
        let signer = try signer(of: bundle, policy: signerPolicy)
        let signatureBytes: [UInt8]
        switch bundle.content {
        case .dsseEnvelope(let envelope):
            guard envelope.signatures.count == 1 else {
                throw SigstoreVerificationError(
                    .bundleStructure, "the DSSE envelope has \(envelope.signatures.count) signatures; exactly 1 is required")
            }
            signatureBytes = envelope.signatures[0].signature
        case .messageSignature(let message):
            guard artifactGiven else {
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
        return CheckedStructure(version: version, signer: signer, signatureBytes: signatureBytes)
    }

    /// The signer from the verification material, matched against the policy.
    private func signer(of bundle: SigstoreBundle, policy signerPolicy: VerificationPolicy.Signer) throws(SigstoreVerificationError) -> BundleSigner {
        let material = bundle.verificationMaterial
        switch (signerPolicy, material.signer) {
        case (.certificate, .certificate(let der)):
            return try certificateSigner(der)
        case (.certificate, .x509CertificateChain(let chain)):
            guard let leafDER = chain.first else {
                throw SigstoreVerificationError(.bundleStructure, "x509CertificateChain.certificates is empty")
            }
            // Bundle certificates other than the leaf are never used for path building; a root
            // among them is rejected as the client specification requires — except in v0.1
            // bundles, which older clients wrote with the whole chain (sigstore-go accepts them).
            let tolerateRoot = configuration.allowRootInCertificateChain || bundle.version == .v01
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
            return BundleSigner(certificate: nil, der: trusted.subjectPublicKeyInfo, key: trusted.key)
        case (.certificate, .publicKey):
            throw SigstoreVerificationError(
                .bundleStructure, "the bundle is signed with a public key, but keyless (certificate) verification was requested")
        case (.publicKey, _):
            throw SigstoreVerificationError(
                .bundleStructure, "the bundle carries \(material.signerKindName), but verification with a public key was requested")
        }
    }

    private func certificateSigner(_ der: [UInt8]) throws(SigstoreVerificationError) -> BundleSigner {
        let certificate: Certificate
        do {
            certificate = try Certificate(derEncoded: der)
        } catch {
            throw SigstoreVerificationError(.bundleStructure, "the signing certificate is not an X.509 certificate: \(LibraryErrorText.problem(error, der: der))")
        }
        return BundleSigner(certificate: certificate, der: der, key: VerificationKey(certificate.publicKey))
    }

    private func checkLogEntryStructure(_ material: VerificationMaterial, version: SigstoreBundle.BundleVersion) throws(SigstoreVerificationError) {
        if material.tlogEntries.isEmpty {
            if configuration.requireTransparencyLog {
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
                if configuration.requireInclusionProof, entry.inclusionProof?.checkpoint == nil {
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
}
