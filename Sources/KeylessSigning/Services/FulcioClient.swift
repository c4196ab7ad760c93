import Crypto
import Foundation
import Sigstore
import SwiftASN1
import X509

/// A Fulcio certificate authority: `POST {url}/api/v2/signingCert` with a CSR, whose own
/// signature is the proof of possession of the key.
public struct FulcioClient: Sendable {
    public var baseURL: String
    public var http: ServiceClient

    public init(baseURL: String, policy: ServiceClient.Policy = .init()) {
        self.baseURL = baseURL
        self.http = ServiceClient(service: "Fulcio", stage: .fulcio, policy: policy)
    }

    /// Asks for a certificate for `key` and returns the chain the CA answered, leaf first.
    public func signingCertificate(for key: P256.Signing.PrivateKey, token: IdentityToken) async throws(KeylessSigningError) -> [Certificate] {
        let csrPEM: String
        do {
            let subject = try DistinguishedName { CommonName(token.identity ?? "sigstore") }
            let request = try CertificateSigningRequest(version: .v1, subject: subject, privateKey: Certificate.PrivateKey(key),
                                                        attributes: CertificateSigningRequest.Attributes(),
                                                        signatureAlgorithm: .ecdsaWithSHA256)
            csrPEM = try request.serializeAsPEM().pemString
        } catch {
            throw KeylessSigningError(.fulcio, "cannot build the certificate signing request: \(error)")
        }
        let body = JSONValue.object(JSONObject([("certificateSigningRequest", .string(Base64.encode(Array(csrPEM.utf8))))]))
        let response = try await http.expectSuccess(
            .POST, baseURL.trimmingSlash + "/api/v2/signingCert",
            headers: [("Authorization", "Bearer \(token.rawValue)"), ("Content-Type", "application/json"), ("Accept", "application/json")],
            body: body.serialized(.compact), refusal: "the token")
        return try FulcioClient.chain(from: response.body)
    }

    /// Reads `signedCertificateEmbeddedSct.chain.certificates` (PEM strings, leaf first).
    package static func chain(from body: [UInt8]) throws(KeylessSigningError) -> [Certificate] {
        let pems: [String]
        do {
            let root = try JSONReader(document: body)
            guard let embedded = try root.optionalObject("signedCertificateEmbeddedSct") else {
                if root.contains("signedCertificateDetachedSct") {
                    throw KeylessSigningError(.fulcio, "Fulcio answered with a detached SCT, which is not supported (the CA must embed the SCT)")
                }
                throw KeylessSigningError(.fulcio, "Fulcio's answer has no signedCertificateEmbeddedSct")
            }
            pems = try embedded.object("chain").strings("certificates")
        } catch let error as KeylessSigningError {
            throw error
        } catch {
            throw KeylessSigningError(.fulcio, "Fulcio's answer is not a signing-certificate response: \(error)")
        }
        guard !pems.isEmpty, pems.count <= 10 else {
            throw KeylessSigningError(.fulcio, "Fulcio's answer holds \(pems.count) certificates (1 to 10 expected)")
        }
        var chain: [Certificate] = []
        for (index, pem) in pems.enumerated() {
            do {
                chain.append(try Certificate(pemEncoded: pem))
            } catch {
                throw KeylessSigningError(.fulcio, "certificate #\(index + 1) in Fulcio's answer is not a PEM certificate: \(error)")
            }
        }
        return chain
    }
}

extension String {
    /// The URL without a trailing slash, so paths can be appended.
    var trimmingSlash: String {
        var text = self
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}
