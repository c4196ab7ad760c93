import Crypto
import Foundation
import Sigstore
import SwiftASN1
import X509

/// A Rekor transparency log, API version 1 (`/api/v1/log/entries`: `dsse` 0.0.1 and
/// `hashedrekord` 0.0.1 entries) or 2 (`/api/v2/log/entries`: `hashedrekord` 0.0.2).
public struct RekorClient: Sendable {
    public var baseURL: String
    public var majorAPIVersion: Int
    public var http: ServiceClient

    /// - Parameter policy: request limits; Rekor v2 waits for its checkpoint, so its timeout
    ///   is raised to at least ``ServiceClient/Policy/minimumRekorV2Timeout`` (20 s by default).
    public init(baseURL: String, majorAPIVersion: Int, policy: ServiceClient.Policy = .init()) {
        var policy = policy
        if majorAPIVersion >= 2 { policy.timeout = max(policy.timeout, policy.minimumRekorV2Timeout) }
        self.baseURL = baseURL
        self.majorAPIVersion = majorAPIVersion
        self.http = ServiceClient(service: "Rekor", stage: .rekor, policy: policy)
    }

    /// What is logged.
    public enum Entry: Sendable {
        /// A DSSE envelope with its signing certificate.
        case dsse(DSSEEnvelope, certificate: Certificate)
        /// A signature over an artifact with this SHA-256 digest.
        case artifact(sha256: [UInt8], signature: [UInt8], certificate: Certificate)
    }

    /// Uploads `entry` and returns the log's entry in bundle form.
    public func upload(_ entry: Entry) async throws(KeylessSigningError) -> TransparencyLogEntry {
        let request: [UInt8]
        do {
            request = try majorAPIVersion >= 2 ? RekorClient.requestV2(entry).serialized(.compact) : RekorClient.requestV1Body(entry)
        } catch {
            throw KeylessSigningError(.rekor, "cannot encode the signing certificate for Rekor: \(error)")
        }
        let path = majorAPIVersion >= 2 ? "/api/v2/log/entries" : "/api/v1/log/entries"
        let response = try await http.expectSuccess(
            .POST, baseURL.trimmingSlash + path, headers: [("Content-Type", "application/json"), ("Accept", "application/json")],
            body: request, refusal: "the log entry")
        do {
            return majorAPIVersion >= 2 ? try RekorClient.entryV2(response.body) : try RekorClient.entryV1(response.body)
        } catch let error as KeylessSigningError {
            throw error
        } catch {
            throw KeylessSigningError(.rekor, "Rekor's answer at \(baseURL) is not a log entry: \(error)")
        }
    }

    // MARK: - Rekor v1

    /// The request body: a `dsse` proposal written straight to bytes (its envelope can be
    /// megabytes), a `hashedrekord` one through the JSON writer.
    static func requestV1Body(_ entry: Entry) throws -> [UInt8] {
        if case .dsse(let envelope, let certificate) = entry {
            return try dsseRequestBody(envelope, certificate: certificate)
        }
        return try requestV1(entry).serialized(.compact)
    }

    static func requestV1(_ entry: Entry) throws -> JSONValue {
        switch entry {
        case .dsse(let envelope, let certificate):
            let envelopeText = String(decoding: envelope.jsonValue.serialized(.compact), as: UTF8.self)
            let verifier = Base64.encode(Array(try certificate.pemText.utf8))
            return object([("apiVersion", .string("0.0.1")), ("kind", .string("dsse")),
                           ("spec", object([("proposedContent", object([
                               ("envelope", .string(envelopeText)), ("verifiers", .array([.string(verifier)])),
                           ]))]))])
        case .artifact(let digest, let signature, let certificate):
            let publicKey = Base64.encode(Array(try certificate.pemText.utf8))
            return object([("apiVersion", .string("0.0.1")), ("kind", .string("hashedrekord")),
                           ("spec", object([
                               ("data", object([("hash", object([("algorithm", .string("sha256")), ("value", .string(Hex.encode(digest)))]))])),
                               ("signature", object([("content", .string(Base64.encode(signature))),
                                                     ("publicKey", object([("content", .string(publicKey))]))])),
                           ]))])
        }
    }

    /// `{"<uuid>": {body, integratedTime, logID (hex), logIndex, verification: {inclusionProof, signedEntryTimestamp}}}`.
    package static func entryV1(_ body: [UInt8]) throws -> TransparencyLogEntry {
        let root = try JSONReader(document: body)
        guard root.object.entries.count == 1, let entryObject = root.object.entries[0].value.objectValue else {
            throw KeylessSigningError(.rekor, "Rekor's answer must hold exactly one entry, found \(root.object.entries.count)")
        }
        let entry = JSONReader(entryObject, path: root.object.entries[0].key)
        let canonicalBody = try entry.bytes("body")
        let bodyReader = try JSONReader(document: canonicalBody, path: "body")
        guard let logID = Hex.decode(try entry.string("logID")) else { throw entry.error("logID", "not hex") }
        let verification = try entry.object("verification")
        let proof = try verification.object("inclusionProof")
        var hashes: [[UInt8]] = []
        for (index, text) in try proof.strings("hashes").enumerated() {
            guard let hash = Hex.decode(text) else { throw proof.error("hashes[\(index)]", "not hex") }
            hashes.append(hash)
        }
        guard let rootHash = Hex.decode(try proof.string("rootHash")) else { throw proof.error("rootHash", "not hex") }
        return TransparencyLogEntry(
            logIndex: try entry.int64("logIndex"), logID: logID, kind: try bodyReader.string("kind"),
            version: try bodyReader.string("apiVersion"), integratedTime: try entry.int64("integratedTime"),
            signedEntryTimestamp: try verification.bytes("signedEntryTimestamp"),
            inclusionProof: InclusionProof(logIndex: try proof.int64("logIndex"), rootHash: rootHash,
                                           treeSize: try proof.int64("treeSize"), hashes: hashes,
                                           checkpoint: try proof.string("checkpoint")),
            canonicalizedBody: canonicalBody)
    }

    // MARK: - Rekor v2

    static func requestV2(_ entry: Entry) throws -> JSONValue {
        let digest: [UInt8], signature: [UInt8], certificate: Certificate
        switch entry {
        case .dsse(let envelope, let leaf):
            digest = Array(DSSEEnvelope.preAuthenticationSHA256(payloadType: envelope.payloadType, payload: envelope.payload))
            signature = envelope.signatures.first?.signature ?? []
            certificate = leaf
        case .artifact(let sha256, let artifactSignature, let leaf):
            digest = sha256
            signature = artifactSignature
            certificate = leaf
        }
        let der = try certificate.derEncoded
        return object([("hashedRekordRequestV002", object([
            ("digest", .string(Base64.encode(digest))),
            ("signature", object([
                ("content", .string(Base64.encode(signature))),
                ("verifier", object([("x509Certificate", object([("rawBytes", .string(Base64.encode(der)))])),
                                     ("keyDetails", .string("PKIX_ECDSA_P256_SHA_256"))])),
            ])),
        ]))])
    }

    /// A `TransparencyLogEntry` in protobuf JSON.
    package static func entryV2(_ body: [UInt8]) throws -> TransparencyLogEntry {
        try TransparencyLogEntry(try JSONReader(document: body))
    }

    private static func object(_ entries: [(String, JSONValue)]) -> JSONValue {
        .object(JSONObject(entries.map { (key: $0.0, value: $0.1) }))
    }
}

extension Certificate {
    /// PEM exactly as OpenSSL and Python's `cryptography` write it (64-character lines, final
    /// newline): Rekor stores these bytes, and sigstore-python compares them with its own PEM.
    var pemText: String {
        get throws { PEMBlock.encode(try derEncoded, label: "CERTIFICATE") }
    }

    /// The certificate's DER encoding.
    var derEncoded: [UInt8] {
        get throws {
            var serializer = DER.Serializer()
            try serializer.serialize(self)
            return serializer.serializedBytes
        }
    }
}
