import Crypto
import Foundation
import Sigstore

/// Makes and checks the loopback issuer's identity tokens: compact JWS with ES256.
struct LocalIdentityToken: Sendable {
    /// Why a token is refused; names the claim or part at fault.
    struct Rejection: Error, Sendable, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// The claims a checked token carries.
    struct Claims: Sendable {
        var issuer: String
        var subject: String
        var email: String?
        var audiences: [String]
        var expiry: Date
    }

    let issuer: String
    let signingKey: P256.Signing.PrivateKey
    let keyID: String

    /// A signed token. `signingKey` overrides the issuer's key (to make a wrongly signed token).
    func make(subject: String, email: String?, audience: String, issuedAt: Date, expiresIn: TimeInterval,
              nonce: String? = nil, signingKey override: P256.Signing.PrivateKey? = nil) -> String {
        let header = JSONValue.object(JSONObject([("alg", .string("ES256")), ("kid", .string(keyID)), ("typ", .string("JWT"))]))
        var claims: [(key: String, value: JSONValue)] = [
            ("iss", .string(issuer)), ("sub", .string(subject)), ("aud", .string(audience)),
            ("iat", .integer(Int64(issuedAt.timeIntervalSince1970))),
            ("nbf", .integer(Int64(issuedAt.timeIntervalSince1970))),
            ("exp", .integer(Int64((issuedAt + expiresIn).timeIntervalSince1970))),
        ]
        if let email {
            claims.append(("email", .string(email)))
            claims.append(("email_verified", .bool(true)))
        }
        if let nonce { claims.append(("nonce", .string(nonce))) }
        let signingInput = Base64URL.encode(header.serialized()) + "." + Base64URL.encode(JSONValue.object(JSONObject(claims)).serialized())
        let key = override ?? signingKey
        let signature = (try? key.signature(for: Array(signingInput.utf8)).rawRepresentation) ?? Data()
        return signingInput + "." + Base64URL.encode(signature)
    }

    /// Checks signature, issuer, audience and validity period; returns the claims.
    func check(_ token: String, audience: String = "sigstore", now: Date = Date()) throws(Rejection) -> Claims {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerBytes = Base64URL.decode(parts[0]), let payloadBytes = Base64URL.decode(parts[1]),
              let signatureBytes = Base64URL.decode(parts[2]) else {
            throw Rejection("the token is not a compact JWS (three base64url parts)")
        }
        guard let header = try? JSONParser.parse(headerBytes).objectValue, header["alg"]?.stringValue == "ES256" else {
            throw Rejection("the token header does not name alg ES256")
        }
        let signingInput = Array(parts[0].utf8) + [UInt8(ascii: ".")] + Array(parts[1].utf8)
        guard let signature = try? P256.Signing.ECDSASignature(rawRepresentation: signatureBytes),
              signingKey.publicKey.isValidSignature(signature, for: signingInput) else {
            throw Rejection("the token signature does not verify with the issuer's key")
        }
        guard let payload = try? JSONParser.parse(payloadBytes).objectValue else {
            throw Rejection("the token payload is not a JSON object")
        }
        guard let tokenIssuer = payload["iss"]?.stringValue, Array(tokenIssuer.utf8) == Array(issuer.utf8) else {
            throw Rejection("claim iss is not \(issuer)")
        }
        var audiences: [String] = []
        if let single = payload["aud"]?.stringValue { audiences = [single] }
        if let list = payload["aud"]?.arrayValue { audiences = list.compactMap(\.stringValue) }
        guard audiences.contains(where: { Array($0.utf8) == Array(audience.utf8) }) else {
            throw Rejection("claim aud does not contain \(audience)")
        }
        guard let exp = payload["exp"]?.numberValue?.int64Value else { throw Rejection("claim exp is missing") }
        let expiry = Date(timeIntervalSince1970: TimeInterval(exp))
        guard expiry > now else { throw Rejection("the token expired at \(expiry)") }
        if let nbf = payload["nbf"]?.numberValue?.int64Value, Date(timeIntervalSince1970: TimeInterval(nbf)) > now + 60 {
            throw Rejection("the token is not valid before \(nbf)")
        }
        guard let subject = payload["sub"]?.stringValue, !subject.isEmpty else { throw Rejection("claim sub is missing") }
        return Claims(issuer: tokenIssuer, subject: subject, email: payload["email"]?.stringValue, audiences: audiences, expiry: expiry)
    }

    /// The issuer's JSON Web Key Set.
    var keySet: JSONValue {
        let raw = Array(signingKey.publicKey.x963Representation)  // 0x04 ‖ X ‖ Y
        return .object(JSONObject([("keys", .array([.object(JSONObject([
            ("kty", .string("EC")), ("crv", .string("P-256")), ("alg", .string("ES256")), ("use", .string("sig")),
            ("kid", .string(keyID)),
            ("x", .string(Base64URL.encode(raw[1...32]))), ("y", .string(Base64URL.encode(raw[33...64]))),
        ]))]))]))
    }
}
