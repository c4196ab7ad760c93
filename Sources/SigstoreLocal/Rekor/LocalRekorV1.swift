import Crypto
import Foundation
import Sigstore
import X509

/// The loopback Rekor v1: `POST /api/v1/log/entries` for `hashedrekord` and `dsse` 0.0.1
/// (signatures checked, bodies canonicalized as Rekor stores them, SET and inclusion proof with
/// a signed checkpoint in the answer), `GET /api/v1/log`, `GET /api/v1/log/publicKey` and
/// `GET /api/v1/log/entries/<uuid>`.
final class LocalRekorV1: LocalHTTPService {
    let log: LocalTransparencyLog
    let key: P256.Signing.PrivateKey
    /// The tree ID in the checkpoint origin `<host> - <treeID>` and in entry UUIDs.
    let treeID: Int64
    let faults: LocalSigstoreFaultState
    private let entries = LockedValue<[String: JSONValue]>([:])

    init(key: P256.Signing.PrivateKey, treeID: Int64, host: String, faults: LocalSigstoreFaultState) {
        self.key = key
        self.treeID = treeID
        self.faults = faults
        log = LocalTransparencyLog(signer: LocalCheckpointSigner(origin: "\(host) - \(treeID)", signerName: host, key: .ecdsa(key)))
    }

    var logID: [UInt8] { log.signer.logID }

    func respond(to request: LocalHTTPRequest) async -> LocalHTTPResponse {
        switch (request.method, request.path) {
        case ("POST", "/api/v1/log/entries"): return createEntry(request.body)
        case ("GET", "/api/v1/log"):
            guard let head = try? log.head() else { return .error(500, "cannot sign the checkpoint") }
            return .json(.object(JSONObject([
                ("rootHash", .string(Hex.encode(head.rootHash))), ("treeSize", .integer(head.size)),
                ("signedTreeHead", .string(head.checkpoint)), ("treeID", .string(String(treeID))),
                ("inactiveShards", .array([])),
            ])))
        case ("GET", "/api/v1/log/publicKey"):
            return .text(PEMBlock.encode(Array(key.publicKey.derRepresentation), label: "PUBLIC KEY"), contentType: "application/x-pem-file")
        default:
            if request.method == "GET", request.path.hasPrefix("/api/v1/log/entries/") {
                let uuid = String(request.path.dropFirst("/api/v1/log/entries/".count))
                guard let entry = entries.withLock({ $0[uuid] }) else { return .error(404, "no entry \(uuid)") }
                return .json(.object(JSONObject([(uuid, entry)])))
            }
            return .error(404, "no route \(request.method) \(request.path) on Rekor v1")
        }
    }

    private func createEntry(_ requestBody: [UInt8]) -> LocalHTTPResponse {
        let logged: [UInt8]
        let integration: LocalTransparencyLog.Integration
        switch log.integrate(requestBody, fault: faults.current, canonicalBody: LocalRekorV1.canonicalBody) {
        case .integrated(let body, let appended): (logged, integration) = (body, appended)
        case .refused(let response): return response
        }
        let integratedTime = Int64(Date().timeIntervalSince1970)
        let payload = SignedEntryTimestamp.signedPayload(body: logged, integratedTime: integratedTime, logID: logID,
                                                          logIndex: Int64(integration.index))
        guard let set = try? key.signature(for: payload).derRepresentation else { return .error(500, "cannot sign the SET") }
        let uuid = String(format: "%016llx", UInt64(bitPattern: treeID)) + Hex.encode(integration.leafHash)
        let entry = JSONValue.object(JSONObject([
            ("body", .string(Base64.encode(logged))),
            ("integratedTime", .integer(integratedTime)),
            ("logID", .string(Hex.encode(logID))),
            ("logIndex", .integer(integration.index)),
            ("verification", .object(JSONObject([
                ("inclusionProof", .object(JSONObject([
                    ("checkpoint", .string(integration.checkpoint)),
                    ("hashes", .array(integration.proof.map { .string(Hex.encode($0)) })),
                    ("logIndex", .integer(integration.index)),
                    ("rootHash", .string(Hex.encode(integration.rootHash))),
                    ("treeSize", .integer(integration.treeSize)),
                ]))),
                ("signedEntryTimestamp", .string(Base64.encode(Array(set)))),
            ]))),
        ]))
        entries.withLock { $0[uuid] = entry }
        return .json(.object(JSONObject([(uuid, entry)])), status: 201,
                     headers: [("Location", "/api/v1/log/entries/\(uuid)"), ("ETag", uuid)])
    }

    /// A proposed entry, checked and written as Rekor stores it (RFC 8785 JSON).
    static func canonicalBody(_ request: [UInt8]) throws(LocalSigstoreError) -> [UInt8] {
        guard let proposal = try? JSONParser.parse(request).objectValue else {
            throw LocalSigstoreError("the proposed entry is not a JSON object")
        }
        guard proposal["apiVersion"]?.stringValue == "0.0.1" else {
            throw LocalSigstoreError("apiVersion must be 0.0.1")
        }
        guard let spec = proposal["spec"]?.objectValue else { throw LocalSigstoreError("spec is missing") }
        let canonicalSpec: JSONValue
        switch proposal["kind"]?.stringValue {
        case "hashedrekord": canonicalSpec = try hashedRekordSpec(spec)
        case "dsse": canonicalSpec = try dsseSpec(spec)
        case let other: throw LocalSigstoreError("entry kind \(other ?? "(none)") is not supported (hashedrekord, dsse)")
        }
        return JSONValue.object(JSONObject([
            ("apiVersion", .string("0.0.1")), ("kind", proposal["kind"] ?? .null), ("spec", canonicalSpec),
        ])).serialized(.canonical)
    }

    private static func hashedRekordSpec(_ spec: JSONObject) throws(LocalSigstoreError) -> JSONValue {
        guard let hash = spec["data"]?.objectValue?["hash"]?.objectValue, hash["algorithm"]?.stringValue == "sha256",
              let hex = hash["value"]?.stringValue, let digest = Hex.decode(hex), digest.count == 32 else {
            throw LocalSigstoreError("spec.data.hash must be a sha256 hex digest")
        }
        guard let signatureObject = spec["signature"]?.objectValue, let content = signatureObject["content"]?.stringValue,
              let signature = Base64.decode(content),
              let keyContent = signatureObject["publicKey"]?.objectValue?["content"]?.stringValue else {
            throw LocalSigstoreError("spec.signature.content and spec.signature.publicKey.content are required")
        }
        let key = try verificationKey(base64PEM: keyContent, field: "spec.signature.publicKey.content")
        guard key.isValidSignature(signature, forDigest: digest, algorithm: .sha256) == true else {
            throw LocalSigstoreError("the signature does not verify over the digest with the given key")
        }
        return .object(JSONObject([
            ("data", .object(JSONObject([("hash", .object(JSONObject([("algorithm", .string("sha256")), ("value", .string(hex.lowercased()))])))]))),
            ("signature", .object(JSONObject([("content", .string(content)), ("publicKey", .object(JSONObject([("content", .string(keyContent))])))]))),
        ]))
    }

    private static func dsseSpec(_ spec: JSONObject) throws(LocalSigstoreError) -> JSONValue {
        guard let proposed = spec["proposedContent"]?.objectValue, let envelopeText = proposed["envelope"]?.stringValue,
              let verifiers = proposed["verifiers"]?.arrayValue?.compactMap(\.stringValue), !verifiers.isEmpty else {
            throw LocalSigstoreError("spec.proposedContent.envelope and spec.proposedContent.verifiers are required")
        }
        // The envelope text is megabytes for a large model: read and hash it where it is.
        guard let envelope = try? JSONParser.parse(envelopeText.utf8).objectValue,
              let payloadType = envelope["payloadType"]?.stringValue,
              let payload = envelope["payload"]?.stringValue.flatMap({ Base64.decode($0) }),
              let signatures = envelope["signatures"]?.arrayValue, !signatures.isEmpty else {
            throw LocalSigstoreError("the envelope is not a DSSE envelope with payload, payloadType and signatures")
        }
        let keys = try verifiers.map { (text: String) throws(LocalSigstoreError) -> VerificationKey in
            try verificationKey(base64PEM: text, field: "spec.proposedContent.verifiers")
        }
        // ECDSA P-256 verifiers check the PAE's SHA-256, hashed without copying the payload behind
        // its header; other keys get the whole PAE, made only if one of them is asked.
        var paeHasher = SHA256()
        paeHasher.update(data: DSSEEnvelope.preAuthenticationHeader(payloadType: payloadType, payloadCount: payload.count))
        paeHasher.update(data: payload)
        let paeSHA256 = Array(paeHasher.finalize())
        var wholePAE: [UInt8]?
        func verifies(_ signature: [UInt8], with key: VerificationKey) -> Bool {
            if key.defaultDigest == .sha256, let valid = key.isValidSignature(signature, forDigest: paeSHA256, algorithm: .sha256) {
                return valid
            }
            let pae = wholePAE ?? DSSEEnvelope.preAuthenticationEncoding(payloadType: payloadType, payload: payload)
            wholePAE = pae
            return key.isValidSignature(signature, for: pae)
        }
        let envelopeHash = LocalRekorV1.sha256(envelopeText)
        var signatureEntries: [JSONValue] = []
        for signature in signatures {
            guard let text = signature.objectValue?["sig"]?.stringValue, let bytes = Base64.decode(text) else {
                throw LocalSigstoreError("an envelope signature has no base64 sig")
            }
            guard let index = keys.firstIndex(where: { verifies(bytes, with: $0) }) else {
                throw LocalSigstoreError("an envelope signature does not verify with any of the verifiers")
            }
            signatureEntries.append(.object(JSONObject([("signature", .string(text)), ("verifier", .string(verifiers[index]))])))
        }
        return .object(JSONObject([
            ("envelopeHash", .object(JSONObject([("algorithm", .string("sha256")), ("value", .string(Hex.encode(envelopeHash)))]))),
            ("payloadHash", .object(JSONObject([("algorithm", .string("sha256")), ("value", .string(Hex.encode(SHA256.hash(data: payload))))]))),
            ("signatures", .array(signatureEntries)),
        ]))
    }

    /// SHA-256 of a string's UTF-8 bytes, without copying them.
    private static func sha256(_ text: String) -> SHA256.Digest {
        var text = text
        return text.withUTF8 { SHA256.hash(data: UnsafeRawBufferPointer($0)) }
    }

    /// Reads base64 of a PEM certificate or public key.
    static func verificationKey(base64PEM: String, field: String) throws(LocalSigstoreError) -> VerificationKey {
        guard let pem = Base64.decode(base64PEM).map({ String(decoding: $0, as: UTF8.self) }) else {
            throw LocalSigstoreError("\(field) is not base64")
        }
        if let certificate = try? Certificate(pemEncoded: pem) { return VerificationKey(certificate.publicKey) }
        if let key = try? VerificationKey(pem: pem) { return key }
        throw LocalSigstoreError("\(field) is not a PEM certificate or public key")
    }

    /// A body that differs from `body` in what it describes (for
    /// ``LocalSigstoreFault/rekorEntryForOtherBody``): every digest in it (`value` in hex,
    /// `digest` in base64) is replaced by a random one.
    static func otherBody(_ body: [UInt8]) -> [UInt8] {
        guard let value = try? JSONParser.parse(body) else { return body + [0x20] }
        return replacingDigests(in: value).serialized(.canonical)
    }

    private static func replacingDigests(in value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            let random = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
            return .object(JSONObject(object.entries.map { entry in
                switch (entry.key, entry.value) {
                case ("value", .string): return (entry.key, .string(Hex.encode(random)))
                case ("digest", .string): return (entry.key, .string(Base64.encode(random)))
                default: return (entry.key, replacingDigests(in: entry.value))
                }
            }))
        case .array(let items): return .array(items.map(replacingDigests))
        default: return value
        }
    }
}
