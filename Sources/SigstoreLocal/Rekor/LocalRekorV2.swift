import Crypto
import Foundation
import Sigstore
import X509

/// The loopback Rekor v2: `POST /api/v2/log/entries` taking `hashedRekordRequestV002`,
/// answering a TransparencyLogEntry (protobuf JSON) with no SET, `integratedTime` 0 and an
/// inclusion proof whose checkpoint is signed with Ed25519 (origin: the log's host).
final class LocalRekorV2: LocalHTTPService {
    let log: LocalTransparencyLog
    let faults: LocalSigstoreFaultState

    init(key: Curve25519.Signing.PrivateKey, origin: String, faults: LocalSigstoreFaultState) {
        self.faults = faults
        log = LocalTransparencyLog(signer: LocalCheckpointSigner(origin: origin, key: .ed25519(key)))
    }

    var logID: [UInt8] { log.signer.logID }

    func respond(to request: LocalHTTPRequest) async -> LocalHTTPResponse {
        switch (request.method, request.path) {
        case ("POST", "/api/v2/log/entries"): return createEntry(request.body)
        case ("GET", "/api/v2/checkpoint"), ("GET", "/checkpoint"):
            guard let head = try? log.head() else { return .error(500, "cannot sign the checkpoint") }
            return .text(head.checkpoint)
        default: return .error(404, "no route \(request.method) \(request.path) on Rekor v2")
        }
    }

    private func createEntry(_ requestBody: [UInt8]) -> LocalHTTPResponse {
        let logged: [UInt8]
        let integration: LocalTransparencyLog.Integration
        switch log.integrate(requestBody, fault: faults.current, canonicalBody: LocalRekorV2.canonicalBody) {
        case .integrated(let body, let appended): (logged, integration) = (body, appended)
        case .refused(let response): return response
        }
        return .json(.object(JSONObject([
            ("logIndex", .string(String(integration.index))),
            ("logId", .object(JSONObject([("keyId", .string(Base64.encode(logID)))]))),
            ("kindVersion", .object(JSONObject([("kind", .string("hashedrekord")), ("version", .string("0.0.2"))]))),
            ("integratedTime", .string("0")),
            ("inclusionProof", .object(JSONObject([
                ("logIndex", .string(String(integration.index))),
                ("rootHash", .string(Base64.encode(integration.rootHash))),
                ("treeSize", .string(String(integration.treeSize))),
                ("hashes", .array(integration.proof.map { .string(Base64.encode($0)) })),
                ("checkpoint", .object(JSONObject([("envelope", .string(integration.checkpoint))]))),
            ]))),
            ("canonicalizedBody", .string(Base64.encode(logged))),
        ])), status: 201)
    }

    /// Checks a `CreateEntryRequest` with `hashedRekordRequestV002` and returns the entry body
    /// in RFC 8785 form, as sigstore.md §2.5 describes it.
    static func canonicalBody(_ request: [UInt8]) throws(LocalSigstoreError) -> [UInt8] {
        guard let proposal = try? JSONParser.parse(request).objectValue else {
            throw LocalSigstoreError("the request is not a JSON object")
        }
        guard let hashed = proposal["hashedRekordRequestV002"]?.objectValue else {
            if proposal["dsseRequestV002"] != nil {
                throw LocalSigstoreError("dsseRequestV002 is not supported by this log; log DSSE as hashedRekordRequestV002 over the PAE")
            }
            throw LocalSigstoreError("the request has no hashedRekordRequestV002")
        }
        guard let digestText = hashed["digest"]?.stringValue, let digest = Base64.decode(digestText), digest.count == 32 else {
            throw LocalSigstoreError("hashedRekordRequestV002.digest must be a base64 SHA-256 digest")
        }
        guard let signature = hashed["signature"]?.objectValue, let contentText = signature["content"]?.stringValue,
              let content = Base64.decode(contentText), let verifier = signature["verifier"]?.objectValue else {
            throw LocalSigstoreError("hashedRekordRequestV002.signature.content and .verifier are required")
        }
        let keyDetails = verifier["keyDetails"]?.stringValue ?? ""
        guard keyDetails == "PKIX_ECDSA_P256_SHA_256" else {
            throw LocalSigstoreError("keyDetails \(keyDetails) is not supported (PKIX_ECDSA_P256_SHA_256)")
        }
        let key: VerificationKey
        let verifierJSON: JSONValue
        if let raw = verifier["x509Certificate"]?.objectValue?["rawBytes"]?.stringValue {
            guard let der = Base64.decode(raw), let certificate = try? Certificate(derEncoded: der) else {
                throw LocalSigstoreError("verifier.x509Certificate.rawBytes is not a DER certificate")
            }
            key = VerificationKey(certificate.publicKey)
            verifierJSON = .object(JSONObject([("keyDetails", .string(keyDetails)),
                                               ("x509Certificate", .object(JSONObject([("rawBytes", .string(Base64.encode(der)))])))]))
        } else if let raw = verifier["publicKey"]?.objectValue?["rawBytes"]?.stringValue {
            guard let der = Base64.decode(raw), let parsed = try? VerificationKey(der: der) else {
                throw LocalSigstoreError("verifier.publicKey.rawBytes is not a DER public key")
            }
            key = parsed
            verifierJSON = .object(JSONObject([("keyDetails", .string(keyDetails)),
                                               ("publicKey", .object(JSONObject([("rawBytes", .string(Base64.encode(der)))])))]))
        } else {
            throw LocalSigstoreError("the verifier has neither x509Certificate nor publicKey")
        }
        guard key.isValidSignature(content, forDigest: digest, algorithm: .sha256) == true else {
            throw LocalSigstoreError("the signature does not verify over the digest with the verifier's key")
        }
        return JSONValue.object(JSONObject([
            ("apiVersion", .string("0.0.2")), ("kind", .string("hashedrekord")),
            ("spec", .object(JSONObject([("hashedRekordV002", .object(JSONObject([
                ("data", .object(JSONObject([("algorithm", .string("SHA2_256")), ("digest", .string(Base64.encode(digest)))]))),
                ("signature", .object(JSONObject([("content", .string(Base64.encode(content))), ("verifier", verifierJSON)]))),
            ])))]))),
        ])).serialized(.canonical)
    }
}
