import Crypto
import Foundation

/// What the bundle says was signed, for comparison with a log entry's body.
package struct SignedMaterial: Sendable {
    package enum Content: Sendable {
        /// A DSSE envelope with exactly one signature.
        case dsse(DSSEEnvelope)
        /// A signature over an artifact; `digest` gives the artifact's digest with a given
        /// algorithm, or nil when it cannot be computed (a digest of another algorithm was given).
        case message(signature: [UInt8], digest: @Sendable (DigestAlgorithm) -> [UInt8]?)
    }

    package var content: Content
    /// The signer: a DER certificate, or a DER SubjectPublicKeyInfo.
    package var signerDER: [UInt8]
    package var signerIsCertificate: Bool
    package var signerKey: VerificationKey

    package init(content: Content, signerDER: [UInt8], signerIsCertificate: Bool, signerKey: VerificationKey) {
        self.content = content
        self.signerDER = signerDER
        self.signerIsCertificate = signerIsCertificate
        self.signerKey = signerKey
    }
}

/// Checks that a transparency-log entry's body records this signature (and not another one
/// over the same input: CVE-2022-36056).
package enum LogEntryBody {
    /// The entry kinds and versions accepted, by content type.
    package static func check(_ entry: TransparencyLogEntry, against material: SignedMaterial) throws(SigstoreVerificationError) {
        let body: JSONReader
        do {
            body = try JSONReader(document: entry.canonicalizedBody)
        } catch {
            throw SigstoreVerificationError(.logEntryBody, "the body of entry \(entry.logIndex) is not JSON: \(error.reason)")
        }
        let kind = (try? body.string("kind")) ?? ""
        let apiVersion = (try? body.string("apiVersion")) ?? ""
        guard kind == entry.kind, apiVersion == entry.version else {
            throw SigstoreVerificationError(
                .logEntryBody,
                "the body is \(kind) \(apiVersion) but the entry says \(entry.kind) \(entry.version)")
        }
        do {
            switch (material.content, kind, apiVersion) {
            case (.dsse(let envelope), "dsse", "0.0.1"):
                try checkDSSE001(body, envelope: envelope, material: material)
            case (.dsse(let envelope), "intoto", "0.0.2"):
                try checkInToto002(body, envelope: envelope, material: material)
            case (.dsse(let envelope), "hashedrekord", "0.0.2"):
                guard let signature = envelope.signatures.first else {
                    throw SigstoreVerificationError(.logEntryBody, "the DSSE envelope has no signature")
                }
                let digest = material.signerKey.defaultDigest
                try checkHashedRekord002(body, digest: (digest, digest.hash(envelope.preAuthenticationEncoding)),
                                         signature: signature.signature, material: material)
            case (.message(let signature, let digestOf), "hashedrekord", "0.0.1"):
                try checkHashedRekord001(body, signature: signature, digestOf: digestOf, material: material)
            case (.message(let signature, let digestOf), "hashedrekord", "0.0.2"):
                let data = try body.object("spec").object("hashedRekordV002").object("data")
                let algorithmName = try data.string("algorithm")
                guard let algorithm = DigestAlgorithm(name: algorithmName) else {
                    throw SigstoreVerificationError(.logEntryBody, "unsupported digest algorithm \(DisplayText.quoted(algorithmName)) in the entry")
                }
                guard let digest = digestOf(algorithm) else {
                    throw SigstoreVerificationError(.logEntryBody, "the entry records a \(algorithm.rawValue) digest, which cannot be computed from the artifact given")
                }
                try checkHashedRekord002(body, digest: (algorithm, digest), signature: signature, material: material)
            case (.dsse, _, _):
                throw SigstoreVerificationError(
                    .logEntryBody,
                    "entry kind \(kind) \(apiVersion) is not accepted for a DSSE bundle (expected dsse 0.0.1, intoto 0.0.2 or hashedrekord 0.0.2)")
            case (.message, _, _):
                throw SigstoreVerificationError(
                    .logEntryBody,
                    "entry kind \(kind) \(apiVersion) is not accepted for a message signature (expected hashedrekord 0.0.1 or 0.0.2)")
            }
        } catch let error as BundleError {
            throw SigstoreVerificationError(.logEntryBody, "malformed \(kind) \(apiVersion) body: \(error.field): \(error.reason)")
        } catch let error as SigstoreVerificationError {
            throw error
        } catch {
            throw SigstoreVerificationError(.logEntryBody, "\(LibraryErrorText.problem(error))")
        }
    }

    // MARK: - Rekor v1 dsse 0.0.1

    private static func checkDSSE001(_ body: JSONReader, envelope: DSSEEnvelope, material: SignedMaterial) throws {
        let spec = try body.object("spec")
        try checkHexHash(spec.object("payloadHash"), expected: Array(SHA256.hash(data: envelope.payload)), what: "payloadHash")
        let recorded = try spec.objects("signatures")
        guard recorded.count == envelope.signatures.count else {
            throw SigstoreVerificationError(
                .logEntryBody, "the entry lists \(recorded.count) signature(s), the envelope \(envelope.signatures.count)")
        }
        for (index, (entry, signature)) in zip(recorded, envelope.signatures).enumerated() {
            guard try entry.bytes("signature") == signature.signature else {
                throw SigstoreVerificationError(.logEntryBody, "signature #\(index) in the entry differs from the envelope's signature")
            }
            try checkVerifier(pemBase64: try entry.string("verifier"), material: material, what: "signatures[\(index)].verifier")
        }
    }

    // MARK: - Rekor v1 intoto 0.0.2

    private static func checkInToto002(_ body: JSONReader, envelope: DSSEEnvelope, material: SignedMaterial) throws {
        let content = try body.object("spec").object("content")
        try checkHexHash(content.object("payloadHash"), expected: Array(SHA256.hash(data: envelope.payload)), what: "payloadHash")
        let recordedEnvelope = try content.object("envelope")
        if let payload = try recordedEnvelope.optionalString("payload") {
            guard let once = Base64.decode(payload), let twice = Base64.decode(String(decoding: once, as: UTF8.self)),
                  twice == envelope.payload else {
                throw SigstoreVerificationError(.logEntryBody, "the payload in the entry differs from the envelope's payload")
            }
        }
        if let payloadType = try recordedEnvelope.optionalString("payloadType"), payloadType != envelope.payloadType {
            throw SigstoreVerificationError(.logEntryBody, "the entry's payloadType \(DisplayText.quoted(payloadType)) differs from the envelope's")
        }
        let recorded = try recordedEnvelope.objects("signatures")
        guard recorded.count == envelope.signatures.count else {
            throw SigstoreVerificationError(
                .logEntryBody, "the entry lists \(recorded.count) signature(s), the envelope \(envelope.signatures.count)")
        }
        for (index, (entry, signature)) in zip(recorded, envelope.signatures).enumerated() {
            // Stored double-base64: base64 of the base64 text of the signature.
            let once = try entry.bytes("sig")
            guard let twice = Base64.decode(String(decoding: once, as: UTF8.self)), twice == signature.signature else {
                throw SigstoreVerificationError(.logEntryBody, "signature #\(index) in the entry differs from the envelope's signature")
            }
            try checkVerifier(pemBase64: try entry.string("publicKey"), material: material, what: "signatures[\(index)].publicKey")
        }
    }

    // MARK: - hashedrekord

    private static func checkHashedRekord001(_ body: JSONReader, signature: [UInt8], digestOf: (DigestAlgorithm) -> [UInt8]?,
                                             material: SignedMaterial) throws {
        let spec = try body.object("spec")
        let hash = try spec.object("data").object("hash")
        let algorithmName = try hash.string("algorithm")
        guard let algorithm = DigestAlgorithm(name: algorithmName) else {
            throw SigstoreVerificationError(.logEntryBody, "unsupported digest algorithm \(DisplayText.quoted(algorithmName)) in the entry")
        }
        guard let expected = digestOf(algorithm) else {
            throw SigstoreVerificationError(
                .logEntryBody, "the entry records a \(algorithm.rawValue) digest, which cannot be computed from the artifact given")
        }
        try checkHexHash(hash, expected: expected, what: "data.hash")
        let recordedSignature = try spec.object("signature")
        guard try recordedSignature.bytes("content") == signature else {
            throw SigstoreVerificationError(.logEntryBody, "the signature in the entry differs from the bundle's signature")
        }
        try checkVerifier(pemBase64: try recordedSignature.object("publicKey").string("content"), material: material,
                          what: "signature.publicKey.content")
    }

    private static func checkHashedRekord002(_ body: JSONReader, digest: (DigestAlgorithm, [UInt8]), signature: [UInt8],
                                             material: SignedMaterial) throws {
        let spec = try body.object("spec").object("hashedRekordV002")
        let data = try spec.object("data")
        let algorithmName = try data.string("algorithm")
        guard DigestAlgorithm(name: algorithmName) == digest.0, algorithmName == digest.0.protobufName else {
            throw SigstoreVerificationError(
                .logEntryBody, "the entry's digest algorithm is \(algorithmName), expected \(digest.0.protobufName)")
        }
        guard try data.bytes("digest") == digest.1 else {
            throw SigstoreVerificationError(.logEntryBody, "the digest in the entry differs from the digest of what was signed")
        }
        let recordedSignature = try spec.object("signature")
        guard try recordedSignature.bytes("content") == signature else {
            throw SigstoreVerificationError(.logEntryBody, "the signature in the entry differs from the bundle's signature")
        }
        let verifier = try recordedSignature.object("verifier")
        let recordedDER: [UInt8]
        if let certificate = try verifier.optionalObject("x509Certificate") {
            guard material.signerIsCertificate else {
                throw SigstoreVerificationError(.logEntryBody, "the entry names a certificate but the bundle is signed with a key")
            }
            recordedDER = try certificate.bytes("rawBytes")
        } else {
            guard !material.signerIsCertificate else {
                throw SigstoreVerificationError(.logEntryBody, "the entry names a public key but the bundle carries a certificate")
            }
            recordedDER = try verifier.object("publicKey").bytes("rawBytes")
        }
        guard recordedDER == material.signerDER else {
            throw SigstoreVerificationError(.logEntryBody, "the verifier in the entry is not the bundle's signer")
        }
        let keyDetails = try verifier.string("keyDetails")
        guard keyDetailsMatch(keyDetails, material.signerKey) else {
            throw SigstoreVerificationError(.logEntryBody, "the entry's keyDetails \(keyDetails) do not fit the signer's \(material.signerKey.kind.name) key")
        }
    }

    private static func keyDetailsMatch(_ details: String, _ key: VerificationKey) -> Bool {
        switch key.kind {
        case .p256: return details == "PKIX_ECDSA_P256_SHA_256"
        case .p384: return details == "PKIX_ECDSA_P384_SHA_384"
        case .p521: return details == "PKIX_ECDSA_P521_SHA_512"
        case .ed25519: return details == "PKIX_ED25519" || details == "PKIX_ED25519_PH"
        case .rsa: return details.hasPrefix("PKIX_RSA_")
        }
    }

    // MARK: - Helpers

    private static func checkHexHash(_ hash: JSONReader, expected: [UInt8], what: String) throws {
        let algorithm = try hash.string("algorithm")
        guard DigestAlgorithm(name: algorithm)?.byteCount == expected.count else {
            throw SigstoreVerificationError(.logEntryBody, "\(what): unexpected algorithm \(DisplayText.quoted(algorithm))")
        }
        let value = try hash.string("value")
        guard Hex.decode(value) == expected else {
            throw SigstoreVerificationError(
                .logEntryBody, "\(what) in the entry (\(value)) differs from the bundle's (\(Hex.encode(expected)))")
        }
    }

    /// `verifier`/`publicKey` fields hold base64 of a PEM certificate or public key.
    private static func checkVerifier(pemBase64: String, material: SignedMaterial, what: String) throws {
        guard let pemBytes = Base64.decode(pemBase64) else {
            throw SigstoreVerificationError(.logEntryBody, "\(what) is not base64")
        }
        let pem = String(decoding: pemBytes, as: UTF8.self)
        let label = material.signerIsCertificate ? "CERTIFICATE" : "PUBLIC KEY"
        guard let der = PEMBlock.firstDER(in: pem, label: label) else {
            throw SigstoreVerificationError(.logEntryBody, "\(what) does not hold a PEM \(label.lowercased())")
        }
        guard der == material.signerDER else {
            throw SigstoreVerificationError(.logEntryBody, "\(what) in the entry is not the bundle's signer")
        }
    }
}
