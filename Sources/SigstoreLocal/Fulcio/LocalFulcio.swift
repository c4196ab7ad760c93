import Crypto
import Foundation
import Sigstore
import X509

/// The loopback Fulcio: `POST /api/v2/signingCert` (CSR or public key with proof of
/// possession), `GET /api/v2/trustBundle`. Checks the identity token against the loopback
/// issuer (signature, issuer, audience `sigstore`, expiry) and answers like real Fulcio.
struct LocalFulcio: LocalHTTPService {
    let authority: LocalCertificateAuthority
    /// A CA that is not in the trusted root, for ``LocalSigstoreFault/fulcioUntrustedChain``.
    let untrustedAuthority: LocalCertificateAuthority
    let ctLog: LocalCTLog
    let tokens: LocalIdentityToken
    let faults: LocalSigstoreFaultState

    func respond(to request: LocalHTTPRequest) async -> LocalHTTPResponse {
        switch (request.method, request.path) {
        case ("POST", "/api/v2/signingCert"): return signingCertificate(request)
        case ("GET", "/api/v2/trustBundle"):
            let chain = JSONValue.array(([authority.intermediate, authority.root]).map { .string($0.pemText) })
            return .json(.object(JSONObject([("chains", .array([.object(JSONObject([("certificates", chain)]))]))])))
        default: return .error(404, "no route \(request.method) \(request.path) on Fulcio")
        }
    }

    private func signingCertificate(_ request: LocalHTTPRequest) -> LocalHTTPResponse {
        guard let body = try? JSONParser.parse(request.body).objectValue else {
            return .error(400, "the request body is not a JSON object")
        }
        var token = body["credentials"]?.objectValue?["oidcIdentityToken"]?.stringValue
        if token == nil, let authorization = request.headers["authorization"] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" { token = String(parts[1]) }
        }
        guard let token else { return .error(401, "no identity token (Authorization: Bearer or credentials.oidcIdentityToken)") }
        let claims: LocalIdentityToken.Claims
        do {
            claims = try tokens.check(token)
        } catch {
            return .error(401, "error processing the identity token: \(error)")
        }
        let requestedKey: Certificate.PublicKey
        if let csrText = body["certificateSigningRequest"]?.stringValue {
            guard let pem = Base64.decode(csrText).map({ String(decoding: $0, as: UTF8.self) }),
                  let csr = try? CertificateSigningRequest(pemEncoded: pem) else {
                return .error(400, "certificateSigningRequest is not base64 of a PEM certificate request")
            }
            guard csr.publicKey.isValidSignature(csr.signature, for: csr) else {
                return .error(400, "the certificate request's signature (proof of possession) does not verify")
            }
            requestedKey = csr.publicKey
        } else if let keyRequest = body["publicKeyRequest"]?.objectValue {
            guard let pem = keyRequest["publicKey"]?.objectValue?["content"]?.stringValue,
                  let key = try? VerificationKey(pem: pem) else {
                return .error(400, "publicKeyRequest.publicKey.content is not a PEM public key")
            }
            guard let proof = keyRequest["proofOfPossession"]?.stringValue.flatMap({ Base64.decode($0) }) else {
                return .error(400, "publicKeyRequest.proofOfPossession is missing or not base64")
            }
            guard key.isValidSignature(proof, for: Array(claims.subject.utf8)) else {
                return .error(400, "the proof of possession is not a signature over the token's subject")
            }
            requestedKey = key.key
        } else {
            return .error(400, "the request has neither certificateSigningRequest nor publicKeyRequest")
        }
        let identity = claims.email ?? claims.subject
        let fault = faults.current
        let issuing = fault == .fulcioUntrustedChain ? untrustedAuthority : authority
        let key = fault == .fulcioCertificateForOtherKey ? Certificate.PublicKey(P256.Signing.PrivateKey().publicKey) : requestedKey
        let leaf: Certificate
        do {
            leaf = try issuing.issueLeaf(for: key, identity: identity, oidcIssuer: claims.issuer, ctLog: ctLog)
        } catch {
            return .error(500, "cannot issue the certificate: \(error)")
        }
        let chain = JSONValue.array(([leaf] + issuing.chain).map { .string($0.pemText) })
        return .json(.object(JSONObject([("signedCertificateEmbeddedSct", .object(JSONObject([
            ("chain", .object(JSONObject([("certificates", chain)]))),
        ])))])), status: 201)
    }
}
