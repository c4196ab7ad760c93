import Crypto
import Sigstore
import SwiftASN1

/// An ECDSA public key on P-256, P-384 or P-521, used to verify key-method signatures.
public struct ECPublicKey: Sendable {
    typealias Storage = ECDSAPublicKey

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
    public var subjectPublicKeyInfo: [UInt8] { storage.subjectPublicKeyInfo }

    /// The PEM text as OpenSSL writes it (64-character lines, final newline).
    public var pem: String { PEMBlock.encode(subjectPublicKeyInfo, label: "PUBLIC KEY") }

    /// The bundle `publicKey.hint`: lowercase hex SHA-256 of ``pem``.
    public var hint: String { Hex.encode(SHA256.hash(data: Array(pem.utf8))) }

    /// Checks a DER ECDSA signature over `message` hashed with the curve's hash.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        storage.isValidSignature(signature, forConcatenationOf: [message])
    }

    /// ``isValidSignature(_:for:)`` over `parts` one after the other, without joining them
    /// (a large signature's DSSE payload is tens of megabytes).
    package func isValidSignature(_ signature: [UInt8], forConcatenationOf parts: [[UInt8]]) -> Bool {
        storage.isValidSignature(signature, forConcatenationOf: parts)
    }

    /// Checks a DER ECDSA signature over the SHA-256 of `message`, whatever the curve (what
    /// model_signing v0.2 did for certificate signatures).
    public func isValidSignature(_ signature: [UInt8], forSHA256Of message: [UInt8]) -> Bool {
        storage.isValidSignature(signature, forConcatenationOf: [message], digest: .sha256)
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
