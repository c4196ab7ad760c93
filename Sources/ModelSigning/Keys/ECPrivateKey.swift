import Sigstore
import Crypto
import SwiftASN1

/// An ECDSA private key on P-256, P-384 or P-521 for the key and certificate methods.
///
/// Reads PEM `EC PRIVATE KEY` (SEC1), `PRIVATE KEY` (PKCS#8) and `ENCRYPTED PRIVATE KEY`
/// (PKCS#8 with PBES2: PBKDF2 and AES-CBC, as OpenSSL and Python's `cryptography` write it).
/// Text before the PEM block is skipped. Any other key type is refused with a clear message.
public struct ECPrivateKey: Sendable {
    enum Storage: Sendable {
        case p256(P256.Signing.PrivateKey)
        case p384(P384.Signing.PrivateKey)
        case p521(P521.Signing.PrivateKey)
    }

    let storage: Storage

    /// The key's curve.
    public var curve: ECCurve { publicKey.curve }

    /// Reads a SEC1 or PKCS#8 PEM key, decrypting it with `password` when encrypted.
    public init(pem: String, password: String? = nil) throws(ModelSigningError) {
        let blocks: [PEMBlock]
        do { blocks = try PEMBlock.parseAll(pem) } catch { throw .key(path: nil, reason: error.description) }
        guard let block = blocks.first(where: { $0.label.hasSuffix("PRIVATE KEY") }) else {
            if blocks.contains(where: { $0.label == "PUBLIC KEY" }) {
                throw .key(path: nil, reason: "this is a public key; signing needs the private key")
            }
            throw .key(path: nil, reason: "no PRIVATE KEY PEM block found")
        }
        switch block.label {
        case "EC PRIVATE KEY":
            if block.headers.contains(where: { $0.hasPrefix("Proc-Type") }) {
                throw .key(path: nil, reason: "legacy OpenSSL-encrypted EC keys are not supported; convert with `openssl pkcs8 -topk8 -v2 aes-256-cbc`")
            }
            try self.init(sec1: block.der)
        case "PRIVATE KEY":
            try self.init(pkcs8: block.der)
        case "ENCRYPTED PRIVATE KEY":
            guard let password else {
                throw .key(path: nil, reason: "the private key is encrypted; give its password with --password")
            }
            try self.init(pkcs8: try EncryptedPrivateKeyInfo.decrypt(block.der, password: password))
        default:
            throw .key(path: nil, reason: "unsupported key type (\(block.label)); only ECDSA P-256, P-384 and P-521 keys are supported")
        }
    }

    /// A new random key (tests and demos).
    public static func generate(curve: ECCurve) -> ECPrivateKey {
        switch curve {
        case .p256: return ECPrivateKey(storage: .p256(P256.Signing.PrivateKey()))
        case .p384: return ECPrivateKey(storage: .p384(P384.Signing.PrivateKey()))
        case .p521: return ECPrivateKey(storage: .p521(P521.Signing.PrivateKey()))
        }
    }

    init(storage: Storage) {
        self.storage = storage
    }

    init(sec1 der: [UInt8]) throws(ModelSigningError) {
        // ECPrivateKey ::= SEQUENCE { version, privateKey OCTET STRING, [0] parameters, [1] publicKey }
        var curve: ECCurve?
        do {
            let root = try DER.parse(der)
            if case .constructed(let fields) = root.content {
                for field in fields where field.identifier == ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific) {
                    if case .constructed(let inner) = field.content, let oidNode = inner.first(where: { _ in true }) {
                        let oid = try ASN1ObjectIdentifier(derEncoded: oidNode)
                        guard let known = ECCurve(oid: oid) else {
                            throw ModelSigningError.key(path: nil, reason: "unsupported key type \(ECCurve.describeUnsupported(oid)); only ECDSA P-256, P-384 and P-521 keys are supported")
                        }
                        curve = known
                    }
                }
            }
        } catch let error as ModelSigningError {
            throw error
        } catch {
            throw .key(path: nil, reason: "not a valid EC private key: \(LibraryErrorText.problem(error))")
        }
        guard let curve else { throw .key(path: nil, reason: "EC private key without a named curve") }
        try self.init(der: der, curve: curve)
    }

    init(pkcs8 der: [UInt8]) throws(ModelSigningError) {
        // PrivateKeyInfo ::= SEQUENCE { version, AlgorithmIdentifier { algorithm, parameters }, privateKey, … }
        let curve: ECCurve
        do {
            let root = try DER.parse(der)
            guard case .constructed(let fields) = root.content else { throw ModelSigningError.key(path: nil, reason: "not a PKCS#8 key") }
            let items = Array(fields)
            guard items.count >= 3, case .constructed(let algorithm) = items[1].content else {
                throw ModelSigningError.key(path: nil, reason: "not a PKCS#8 key")
            }
            let algorithmItems = Array(algorithm)
            guard let first = algorithmItems.first else { throw ModelSigningError.key(path: nil, reason: "not a PKCS#8 key") }
            let oid = try ASN1ObjectIdentifier(derEncoded: first)
            guard oid == ECCurve.ecPublicKeyOID else {
                throw ModelSigningError.key(path: nil, reason: "unsupported key type \(ECCurve.describeUnsupported(oid)); only ECDSA P-256, P-384 and P-521 keys are supported")
            }
            guard algorithmItems.count >= 2, let curveOID = try? ASN1ObjectIdentifier(derEncoded: algorithmItems[1]) else {
                throw ModelSigningError.key(path: nil, reason: "EC private key without a named curve")
            }
            guard let known = ECCurve(oid: curveOID) else {
                throw ModelSigningError.key(path: nil, reason: "unsupported key type \(ECCurve.describeUnsupported(curveOID)); only ECDSA P-256, P-384 and P-521 keys are supported")
            }
            curve = known
        } catch let error as ModelSigningError {
            throw error
        } catch {
            throw .key(path: nil, reason: "not a valid PKCS#8 private key: \(LibraryErrorText.problem(error))")
        }
        try self.init(der: der, curve: curve)
    }

    private init(der: [UInt8], curve: ECCurve) throws(ModelSigningError) {
        do {
            switch curve {
            case .p256: storage = .p256(try P256.Signing.PrivateKey(derRepresentation: der))
            case .p384: storage = .p384(try P384.Signing.PrivateKey(derRepresentation: der))
            case .p521: storage = .p521(try P521.Signing.PrivateKey(derRepresentation: der))
            }
        } catch {
            throw .key(path: nil, reason: "invalid \(curve.rawValue) private key: \(LibraryErrorText.problem(error))")
        }
    }

    /// The matching public key.
    public var publicKey: ECPublicKey {
        switch storage {
        case .p256(let key): return ECPublicKey(.p256(key.publicKey))
        case .p384(let key): return ECPublicKey(.p384(key.publicKey))
        case .p521(let key): return ECPublicKey(.p521(key.publicKey))
        }
    }

    /// PKCS#8 PEM (unencrypted), for tests and demo keys.
    public var pkcs8PEM: String {
        switch storage {
        case .p256(let key): return key.pemRepresentation + "\n"
        case .p384(let key): return key.pemRepresentation + "\n"
        case .p521(let key): return key.pemRepresentation + "\n"
        }
    }

    /// A DER ECDSA signature over `message`, hashed with the curve's hash.
    public func signature(for message: [UInt8]) throws(ModelSigningError) -> [UInt8] {
        do {
            switch storage {
            case .p256(let key): return Array(try key.signature(for: SHA256.hash(data: message)).derRepresentation)
            case .p384(let key): return Array(try key.signature(for: SHA384.hash(data: message)).derRepresentation)
            case .p521(let key): return Array(try key.signature(for: SHA512.hash(data: message)).derRepresentation)
            }
        } catch {
            throw .key(path: nil, reason: "signing failed: \(LibraryErrorText.problem(error))")
        }
    }
}
