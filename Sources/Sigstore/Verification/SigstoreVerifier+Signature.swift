extension SigstoreVerifier {
    /// What the signature covers, as the transparency-log bodies must record it and as the
    /// result reports it.
    struct VerifiedSignature {
        var material: SignedMaterial
        var content: SigstoreVerificationResult.Content
    }

    /// Step 4: the signature, over the DSSE pre-authentication encoding or over the artifact.
    func verifySignature(of bundle: SigstoreBundle, signer: BundleSigner, signatureBytes: [UInt8],
                         artifact: ArtifactDigests?) throws(SigstoreVerificationError) -> VerifiedSignature {
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
        let material = SignedMaterial(content: signed, signerDER: signer.der, signerIsCertificate: signer.certificate != nil,
                                      signerKey: signer.key)
        return VerifiedSignature(material: material, content: content)
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
