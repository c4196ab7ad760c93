import Crypto
import Sigstore

/// The public key of a key-method or certificate-method signer: ECDSA (P-256, P-384, P-521,
/// each with its curve's hash, as the reference signs) or RSA (2048 to 8192 bits,
/// RSASSA-PKCS1-v1_5 over SHA-256, as the Go port signs with RSA keys in a PKCS #11 token).
///
/// The Python reference 1.1.1 verifies only the ECDSA keys; RSA signatures verify with this
/// library and the Go port.
public enum SignerPublicKey: Sendable {
    case ec(ECPublicKey)
    case rsa(RSAPublicKey)

    /// Reads a PEM `PUBLIC KEY` (SubjectPublicKeyInfo); text before the block is skipped.
    public init(pem: String) throws(ModelSigningError) {
        let blocks: [PEMBlock]
        do { blocks = try PEMBlock.parseAll(pem) } catch { throw .key(path: nil, reason: error.description) }
        guard let block = blocks.first(where: { $0.label == "PUBLIC KEY" }) else {
            // ECPublicKey explains what the PEM holds instead (a private key, a certificate…).
            self = .ec(try ECPublicKey(pem: pem))
            return
        }
        try self.init(subjectPublicKeyInfo: block.der)
    }

    /// Reads a DER SubjectPublicKeyInfo.
    public init(subjectPublicKeyInfo der: [UInt8]) throws(ModelSigningError) {
        let (algorithm, _) = try ECPublicKey.algorithm(ofSubjectPublicKeyInfo: der)
        switch algorithm {
        case RSAPublicKey.rsaEncryptionOID: self = .rsa(try RSAPublicKey(subjectPublicKeyInfo: der))
        case ECCurve.ecPublicKeyOID: self = .ec(try ECPublicKey(subjectPublicKeyInfo: der))
        default:
            throw .key(path: nil, reason: "unsupported key type \(ECCurve.describeUnsupported(algorithm)); only ECDSA P-256, P-384, P-521 and RSA (at least \(RSAPublicKey.minimumBits) bits) keys are supported")
        }
    }

    /// Reads a PEM public key file (see ``init(pem:)``).
    public init(contentsOf path: String) throws(ModelSigningError) {
        self = try readPEMFile(path, what: "public key") { text throws(ModelSigningError) in try SignerPublicKey(pem: text) }
    }

    /// The DER SubjectPublicKeyInfo.
    public var subjectPublicKeyInfo: [UInt8] {
        switch self {
        case .ec(let key): return key.subjectPublicKeyInfo
        case .rsa(let key): return key.subjectPublicKeyInfo
        }
    }

    /// The PEM text as OpenSSL writes it (64-character lines, final newline).
    public var pem: String { PEMBlock.encode(subjectPublicKeyInfo, label: "PUBLIC KEY") }

    /// The bundle `publicKey.hint`: lowercase hex SHA-256 of ``pem`` (for every key type, as
    /// the reference and the Go port compute it).
    public var hint: String { Hex.encode(SHA256.hash(data: Array(pem.utf8))) }

    /// The name Sigstore's `keyDetails` uses for this key and its signature algorithm.
    public var keyDetails: String {
        switch self {
        case .ec(let key): return key.curve.keyDetails
        case .rsa(let key): return key.keyDetails
        }
    }

    /// A readable name for messages: `ECDSA P-256`, `RSA 3072-bit`.
    public var algorithmName: String {
        switch self {
        case .ec(let key): return "ECDSA \(key.curve.rawValue)"
        case .rsa(let key): return "RSA \(key.bits)-bit"
        }
    }

    /// Checks a signature over `message`: DER ECDSA with the curve's hash, or raw RSASSA-PKCS1-v1_5 with SHA-256.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        isValidSignature(signature, forConcatenationOf: [message])
    }

    /// ``isValidSignature(_:for:)`` over `parts` one after the other, without joining them.
    package func isValidSignature(_ signature: [UInt8], forConcatenationOf parts: [[UInt8]]) -> Bool {
        switch self {
        case .ec(let key): return key.isValidSignature(signature, forConcatenationOf: parts)
        case .rsa(let key): return key.isValidSignature(signature, forConcatenationOf: parts)
        }
    }

    /// model_signing v0.2's ECDSA-over-SHA-256 check; v0.2 never signed with RSA, so RSA keys
    /// never match.
    func isValidSignature(_ signature: [UInt8], forSHA256Of message: [UInt8]) -> Bool {
        guard case .ec(let key) = self else { return false }
        return key.isValidSignature(signature, forSHA256Of: message)
    }
}
