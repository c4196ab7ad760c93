import Crypto
import Sigstore
import SwiftASN1

/// An ECDSA public key on P-256, P-384 or P-521, used to verify key-method signatures.
public struct ECPublicKey: Sendable {
    enum Storage: Sendable {
        case p256(P256.Signing.PublicKey)
        case p384(P384.Signing.PublicKey)
        case p521(P521.Signing.PublicKey)
    }

    let storage: Storage

    /// The key's curve.
    public var curve: ECCurve {
        switch storage {
        case .p256: return .p256
        case .p384: return .p384
        case .p521: return .p521
        }
    }

    /// Reads a PEM `PUBLIC KEY` (SubjectPublicKeyInfo); text before the block is skipped.
    public init(pem: String) throws(ModelSigningError) {
        let blocks: [PEMBlock]
        do { blocks = try PEMBlock.parseAll(pem) } catch { throw .key(path: nil, reason: error.description) }
        guard let block = blocks.first(where: { $0.label == "PUBLIC KEY" }) else {
            if blocks.contains(where: { $0.label.hasSuffix("PRIVATE KEY") }) {
                throw .key(path: nil, reason: "this is a private key; give the public key (PUBLIC KEY PEM)")
            }
            if blocks.contains(where: { $0.label == "CERTIFICATE" }) {
                throw .key(path: nil, reason: "this is a certificate; give the public key (PUBLIC KEY PEM)")
            }
            throw .key(path: nil, reason: "no PUBLIC KEY PEM block found")
        }
        try self.init(subjectPublicKeyInfo: block.der)
    }

    /// Reads a DER SubjectPublicKeyInfo.
    public init(subjectPublicKeyInfo der: [UInt8]) throws(ModelSigningError) {
        let curve = try ECPublicKey.curve(ofSubjectPublicKeyInfo: der)
        do {
            switch curve {
            case .p256: storage = .p256(try P256.Signing.PublicKey(derRepresentation: der))
            case .p384: storage = .p384(try P384.Signing.PublicKey(derRepresentation: der))
            case .p521: storage = .p521(try P521.Signing.PublicKey(derRepresentation: der))
            }
        } catch {
            throw .key(path: nil, reason: "invalid \(curve.rawValue) public key: \(LibraryErrorText.problem(error))")
        }
    }

    init(_ storage: Storage) {
        self.storage = storage
    }

    /// The DER SubjectPublicKeyInfo.
    public var subjectPublicKeyInfo: [UInt8] {
        switch storage {
        case .p256(let key): return Array(key.derRepresentation)
        case .p384(let key): return Array(key.derRepresentation)
        case .p521(let key): return Array(key.derRepresentation)
        }
    }

    /// The PEM text as OpenSSL writes it (64-character lines, final newline).
    public var pem: String { PEMBlock.encode(subjectPublicKeyInfo, label: "PUBLIC KEY") }

    /// The bundle `publicKey.hint`: lowercase hex SHA-256 of ``pem``.
    public var hint: String { Hex.encode(SHA256.hash(data: Array(pem.utf8))) }

    /// Checks a DER ECDSA signature over `message` hashed with the curve's hash.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        switch storage {
        case .p256(let key):
            guard let parsed = try? P256.Signing.ECDSASignature(derRepresentation: signature) else { return false }
            return key.isValidSignature(parsed, for: SHA256.hash(data: message))
        case .p384(let key):
            guard let parsed = try? P384.Signing.ECDSASignature(derRepresentation: signature) else { return false }
            return key.isValidSignature(parsed, for: SHA384.hash(data: message))
        case .p521(let key):
            guard let parsed = try? P521.Signing.ECDSASignature(derRepresentation: signature) else { return false }
            return key.isValidSignature(parsed, for: SHA512.hash(data: message))
        }
    }

    /// ``isValidSignature(_:for:)`` over `parts` one after the other, without joining them
    /// (a large signature's DSSE payload is tens of megabytes).
    package func isValidSignature(_ signature: [UInt8], forConcatenationOf parts: [[UInt8]]) -> Bool {
        func digest<Hash: HashFunction>(_ hash: Hash.Type) -> Hash.Digest {
            var hasher = Hash()
            for part in parts { hasher.update(data: part) }
            return hasher.finalize()
        }
        switch storage {
        case .p256(let key):
            guard let parsed = try? P256.Signing.ECDSASignature(derRepresentation: signature) else { return false }
            return key.isValidSignature(parsed, for: digest(SHA256.self))
        case .p384(let key):
            guard let parsed = try? P384.Signing.ECDSASignature(derRepresentation: signature) else { return false }
            return key.isValidSignature(parsed, for: digest(SHA384.self))
        case .p521(let key):
            guard let parsed = try? P521.Signing.ECDSASignature(derRepresentation: signature) else { return false }
            return key.isValidSignature(parsed, for: digest(SHA512.self))
        }
    }

    /// Checks a DER ECDSA signature over the SHA-256 of `message`, whatever the curve (what
    /// model_signing v0.2 did for certificate signatures).
    public func isValidSignature(_ signature: [UInt8], forSHA256Of message: [UInt8]) -> Bool {
        let digest = SHA256.hash(data: message)
        switch storage {
        case .p256(let key):
            guard let parsed = try? P256.Signing.ECDSASignature(derRepresentation: signature) else { return false }
            return key.isValidSignature(parsed, for: digest)
        case .p384(let key):
            guard let parsed = try? P384.Signing.ECDSASignature(derRepresentation: signature) else { return false }
            return key.isValidSignature(parsed, for: digest)
        case .p521(let key):
            guard let parsed = try? P521.Signing.ECDSASignature(derRepresentation: signature) else { return false }
            return key.isValidSignature(parsed, for: digest)
        }
    }

    /// The curve of a DER SubjectPublicKeyInfo, or a clear refusal for other key types.
    static func curve(ofSubjectPublicKeyInfo der: [UInt8]) throws(ModelSigningError) -> ECCurve {
        let (oid, parameters) = try algorithm(ofSubjectPublicKeyInfo: der)
        guard oid == ECCurve.ecPublicKeyOID else {
            throw .key(path: nil, reason: "unsupported key type \(ECCurve.describeUnsupported(oid)); only ECDSA P-256, P-384 and P-521 keys are supported")
        }
        guard let parameters, let curveOID = try? ASN1ObjectIdentifier(derEncoded: parameters) else {
            throw .key(path: nil, reason: "EC key without a named curve")
        }
        guard let curve = ECCurve(oid: curveOID) else {
            throw .key(path: nil, reason: "unsupported key type \(ECCurve.describeUnsupported(curveOID)); only ECDSA P-256, P-384 and P-521 keys are supported")
        }
        return curve
    }

    /// The algorithm identifier of a DER SubjectPublicKeyInfo: its OID and parameters.
    static func algorithm(ofSubjectPublicKeyInfo der: [UInt8]) throws(ModelSigningError) -> (ASN1ObjectIdentifier, ASN1Node?) {
        do {
            let root = try DER.parse(der)
            guard case .constructed(let fields) = root.content, let algorithm = fields.first(where: { _ in true }),
                  case .constructed(let algorithmFields) = algorithm.content else {
                throw ModelSigningError.key(path: nil, reason: "not a SubjectPublicKeyInfo")
            }
            var iterator = algorithmFields.makeIterator()
            guard let oidNode = iterator.next() else { throw ModelSigningError.key(path: nil, reason: "not a SubjectPublicKeyInfo") }
            return (try ASN1ObjectIdentifier(derEncoded: oidNode), iterator.next())
        } catch let error as ModelSigningError {
            throw error
        } catch {
            throw .key(path: nil, reason: "not a DER SubjectPublicKeyInfo: \(LibraryErrorText.problem(error))")
        }
    }
}
