import CPKCS11
import Crypto
import SwiftASN1

/// Signs with an EC or RSA private key held on a PKCS #11 token (an HSM, a smart card, SoftHSM…).
///
/// The module is loaded at run time from the URI's `module-path` (see ``PKCS11URI``); the
/// token is chosen by its `token`/`manufacturer`/`serial`/`model` or `slot-id` attributes and
/// the key by `object` (label) and/or `id`; exactly one private key must match. The public
/// key is read from the token's public-key object with the same label and id (for RSA, else
/// from the private key's `CKA_MODULUS` and `CKA_PUBLIC_EXPONENT`). We hash the bytes to sign.
/// EC keys (P-256, P-384, P-521): the curve's hash (SHA-256, SHA-384, SHA-512), the token
/// signs the digest with `CKM_ECDSA`, and its raw r‖s is converted to DER. RSA keys (2048 to
/// 8192 bits): SHA-256, the token signs its `DigestInfo` with `CKM_RSA_PKCS`, which makes an
/// RSASSA-PKCS1-v1_5 signature — the algorithm and mechanism the Go port uses.
///
/// ```swift
/// let token = try await PKCS11SignatureProvider(
///     uri: "pkcs11:token=ci;object=model-key?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-source=file:/run/pin")
/// try await ModelSigner(signer: KeySigner(provider: token)).sign(modelAt: "model", signatureAt: "model.sig")
/// ```
public struct PKCS11SignatureProvider: SignatureProvider {
    public let signerPublicKey: SignerPublicKey
    /// The URI without its PIN.
    public let location: String
    private let session: PKCS11Session
    private let privateKey: CK_OBJECT_HANDLE

    /// Opens the token and finds the key.
    /// - Parameters:
    ///   - uri: an RFC 7512 `pkcs11:` URI.
    ///   - pinPrompt: asked for the PIN (given the prompt text) when the token needs one and the
    ///     URI has neither `pin-value` nor `pin-source`; nil means fail instead.
    ///   - fallbackPublicKey: the key to use when the token holds no public-key object for the private
    ///     key (for example the signing certificate's); signatures are still checked against it.
    public init(uri: String, pinPrompt: (@Sendable (String) -> [UInt8]?)? = nil,
                publicKey fallbackPublicKey: SignerPublicKey? = nil) async throws(ModelSigningError) {
        let parsed = try PKCS11URI(uri)
        let session = try PKCS11Session(uri: parsed, pinPrompt: pinPrompt)
        let location = session.location
        let privateKeys = try session.findObjects(of: CK_ULONG(CKO_PRIVATE_KEY), uri: parsed, limit: 2)
        guard let privateKey = privateKeys.first else {
            throw .key(path: location, reason: "no private key on the token matches \(PKCS11SignatureProvider.describeKey(parsed))")
        }
        guard privateKeys.count == 1 else {
            throw .key(path: location, reason: "several private keys on the token match \(PKCS11SignatureProvider.describeKey(parsed)); add id= or object= to name one")
        }
        let keyType = PKCS11SignatureProvider.unsignedInteger(
            try session.attribute(CK_ULONG(CKA_KEY_TYPE), of: privateKey, name: "key type"))
        guard keyType == UInt64(CKK_EC) || keyType == UInt64(CKK_RSA) else {
            throw .key(path: location, reason: "the private key is neither an EC nor an RSA key (CKA_KEY_TYPE \(keyType.map { String($0) } ?? "unreadable")); only ECDSA P-256, P-384, P-521 and RSA keys are supported")
        }
        let isRSA = keyType == UInt64(CKK_RSA)
        let publicKeys = try session.findObjects(of: CK_ULONG(CKO_PUBLIC_KEY), uri: parsed, limit: 2)
        if publicKeys.count == 1, let object = publicKeys.first {
            self.signerPublicKey = isRSA
                ? try PKCS11SignatureProvider.rsaPublicKey(of: object, in: session)
                : .ec(try PKCS11SignatureProvider.ecPublicKey(of: object, in: session))
        } else if isRSA, publicKeys.isEmpty,
                  let modulus = try? session.attribute(CK_ULONG(CKA_MODULUS), of: privateKey, name: "RSA modulus"),
                  let exponent = try? session.attribute(CK_ULONG(CKA_PUBLIC_EXPONENT), of: privateKey, name: "RSA public exponent") {
            // An RSA private key usually carries its modulus and public exponent.
            self.signerPublicKey = try PKCS11SignatureProvider.rsaPublicKey(modulus: modulus, exponent: exponent, location: location)
        } else if let fallbackPublicKey {
            self.signerPublicKey = fallbackPublicKey
        } else {
            throw .key(path: location, reason: publicKeys.isEmpty
                ? "the token holds no public key matching \(PKCS11SignatureProvider.describeKey(parsed)) next to the private key"
                : "several public keys on the token match \(PKCS11SignatureProvider.describeKey(parsed)); add id= or object= to name one")
        }
        self.location = location
        self.session = session
        self.privateKey = privateKey
    }

    /// Hashes `message` (EC: the curve's hash; RSA: SHA-256) and has the token sign the digest;
    /// returns a DER ECDSA or raw RSASSA-PKCS1-v1_5 signature.
    public func signature(for message: [UInt8]) async throws(ModelSigningError) -> [UInt8] {
        let publicKey: ECPublicKey
        switch signerPublicKey {
        case .ec(let key):
            publicKey = key
        case .rsa:
            let digestInfo = RSAPublicKey.sha256DigestInfo(SHA256.hash(data: message))
            return try session.sign(digestInfo, key: privateKey, mechanism: CK_ULONG(CKM_RSA_PKCS))
        }
        let digest: [UInt8]
        switch publicKey.curve {
        case .p256: digest = Array(SHA256.hash(data: message))
        case .p384: digest = Array(SHA384.hash(data: message))
        case .p521: digest = Array(SHA512.hash(data: message))
        }
        let raw = try session.sign(digest, key: privateKey, mechanism: CK_ULONG(CKM_ECDSA))
        do {
            switch publicKey.curve {
            case .p256: return Array(try P256.Signing.ECDSASignature(rawRepresentation: raw).derRepresentation)
            case .p384: return Array(try P384.Signing.ECDSASignature(rawRepresentation: raw).derRepresentation)
            case .p521: return Array(try P521.Signing.ECDSASignature(rawRepresentation: raw).derRepresentation)
            }
        } catch {
            throw .key(path: location, reason: "the token returned a \(raw.count)-byte ECDSA signature, not r‖s for \(publicKey.curve.rawValue)")
        }
    }

    /// The public key from `CKA_EC_PARAMS` (the curve's OID) and `CKA_EC_POINT` (the
    /// uncompressed point, DER OCTET STRING wrapped as the specification says, or bare as some
    /// modules return it).
    static func publicKey(parameters: [UInt8], point: [UInt8], location: String) throws(ModelSigningError) -> ECPublicKey {
        let curve: ECCurve
        do {
            let oid = try ASN1ObjectIdentifier(derEncoded: parameters)
            guard let known = ECCurve(oid: oid) else {
                throw ModelSigningError.key(path: location, reason: "unsupported key type \(ECCurve.describeUnsupported(oid)); only ECDSA P-256, P-384 and P-521 keys are supported")
            }
            curve = known
        } catch let error as ModelSigningError {
            throw error
        } catch {
            throw .key(path: location, reason: "the key's EC parameters are not a named curve: \(error)")
        }
        var x963 = point
        if let octets = try? ASN1OctetString(derEncoded: point), octets.bytes.first == 0x04 {
            x963 = Array(octets.bytes)
        }
        do {
            switch curve {
            case .p256: return ECPublicKey(.p256(try P256.Signing.PublicKey(x963Representation: x963)))
            case .p384: return ECPublicKey(.p384(try P384.Signing.PublicKey(x963Representation: x963)))
            case .p521: return ECPublicKey(.p521(try P521.Signing.PublicKey(x963Representation: x963)))
            }
        } catch {
            throw .key(path: location, reason: "the token's \(curve.rawValue) public key point is invalid: \(error)")
        }
    }

    /// The EC public key of a token object from its `CKA_EC_PARAMS` and `CKA_EC_POINT`.
    private static func ecPublicKey(of object: CK_OBJECT_HANDLE, in session: PKCS11Session) throws(ModelSigningError) -> ECPublicKey {
        let parameters = try session.attribute(CK_ULONG(CKA_EC_PARAMS), of: object, name: "EC parameters")
        let point = try session.attribute(CK_ULONG(CKA_EC_POINT), of: object, name: "EC point")
        return try publicKey(parameters: parameters, point: point, location: session.location)
    }

    /// The RSA public key of a token object (public or private key) from its `CKA_MODULUS`
    /// and `CKA_PUBLIC_EXPONENT`; keys under 2048 bits are refused.
    private static func rsaPublicKey(of object: CK_OBJECT_HANDLE, in session: PKCS11Session) throws(ModelSigningError) -> SignerPublicKey {
        let modulus = try session.attribute(CK_ULONG(CKA_MODULUS), of: object, name: "RSA modulus")
        let exponent = try session.attribute(CK_ULONG(CKA_PUBLIC_EXPONENT), of: object, name: "RSA public exponent")
        return try rsaPublicKey(modulus: modulus, exponent: exponent, location: session.location)
    }

    private static func rsaPublicKey(modulus: [UInt8], exponent: [UInt8], location: String) throws(ModelSigningError) -> SignerPublicKey {
        do {
            return .rsa(try RSAPublicKey(modulus: modulus, publicExponent: exponent))
        } catch {
            throw .key(path: location, reason: "the token's key: \(error.reason)")
        }
    }

    private static func describeKey(_ uri: PKCS11URI) -> String {
        var parts: [String] = []
        if let label = uri.pathAttributes["object"] { parts.append("object=\(PKCS11URI.percentEncoded(label))") }
        if let id = uri.pathAttributes["id"] { parts.append("id=\(PKCS11URI.percentEncoded(id))") }
        return parts.joined(separator: ";")
    }

    /// A CK_ULONG attribute value in host byte order.
    private static func unsignedInteger(_ bytes: [UInt8]) -> UInt64? {
        switch bytes.count {
        case 8: return bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
        case 4: return UInt64(bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) })
        default: return nil
        }
    }
}
