import CPKCS11
import Crypto
import SwiftASN1

/// Signs with an EC private key held on a PKCS #11 token (an HSM, a smart card, SoftHSM…).
///
/// The module is loaded at run time from the URI's `module-path` (see ``PKCS11URI``); the
/// token is chosen by its `token`/`manufacturer`/`serial`/`model` or `slot-id` attributes and
/// the key by `object` (label) and/or `id`; exactly one private key must match. The public
/// key is read from the token's public-key object with the same label and id. We hash the
/// bytes to sign (SHA-256 for P-256, SHA-384 for P-384, SHA-512 for P-521), the token signs
/// the digest with `CKM_ECDSA`, and its raw r‖s is converted to DER.
///
/// ```swift
/// let token = try await PKCS11SignatureProvider(
///     uri: "pkcs11:token=ci;object=model-key?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-source=file:/run/pin")
/// try await ModelSigner(signer: KeySigner(provider: token)).sign(modelAt: "model", signatureAt: "model.sig")
/// ```
public struct PKCS11SignatureProvider: SignatureProvider {
    public let publicKey: ECPublicKey
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
                publicKey fallbackPublicKey: ECPublicKey? = nil) async throws(ModelSigningError) {
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
        let keyType = try session.attribute(CK_ULONG(CKA_KEY_TYPE), of: privateKey, name: "key type")
        guard PKCS11SignatureProvider.unsignedInteger(keyType) == UInt64(CKK_EC) else {
            let kind = PKCS11SignatureProvider.unsignedInteger(keyType) == UInt64(CKK_RSA) ? "an RSA key" : "not an EC key"
            throw .key(path: location, reason: "the private key is \(kind); only ECDSA P-256, P-384 and P-521 keys are supported")
        }
        let publicKeys = try session.findObjects(of: CK_ULONG(CKO_PUBLIC_KEY), uri: parsed, limit: 2)
        if publicKeys.count == 1, let object = publicKeys.first {
            let parameters = try session.attribute(CK_ULONG(CKA_EC_PARAMS), of: object, name: "EC parameters")
            let point = try session.attribute(CK_ULONG(CKA_EC_POINT), of: object, name: "EC point")
            self.publicKey = try PKCS11SignatureProvider.publicKey(parameters: parameters, point: point, location: location)
        } else if let fallbackPublicKey {
            self.publicKey = fallbackPublicKey
        } else {
            throw .key(path: location, reason: publicKeys.isEmpty
                ? "the token holds no public key matching \(PKCS11SignatureProvider.describeKey(parsed)) next to the private key"
                : "several public keys on the token match \(PKCS11SignatureProvider.describeKey(parsed)); add id= or object= to name one")
        }
        self.location = location
        self.session = session
        self.privateKey = privateKey
    }

    /// Hashes `message` with the curve's hash, has the token sign the digest, returns DER.
    public func signature(for message: [UInt8]) async throws(ModelSigningError) -> [UInt8] {
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
