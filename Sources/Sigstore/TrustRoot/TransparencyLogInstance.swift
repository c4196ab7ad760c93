import Foundation
import X509

/// A transparency log (Rekor) or certificate-transparency log (CT) named by a trusted root.
public struct TransparencyLogInstance: Sendable, Equatable {
    /// The log's base URL, e.g. `https://rekor.sigstore.dev`.
    public var baseURL: String
    /// The log ID (`logId.keyId`): SHA-256 of the DER key for ECDSA logs; for Rekor v2
    /// Ed25519 logs, the signed-note key hash.
    public var logID: [UInt8]
    /// The key's `keyDetails` as written (`PKIX_ECDSA_P256_SHA_256`, `PKIX_ED25519`, …).
    public var keyDetails: String
    /// When the log's key may be used.
    public var validity: ValidityPeriod
    /// The DER public key as written (`publicKey.rawBytes`).
    public let publicKeyBytes: [UInt8]

    package let key: VerificationKey?

    public init(baseURL: String, logID: [UInt8], keyDetails: String, validity: ValidityPeriod, publicKeyBytes: [UInt8]) {
        self.baseURL = baseURL
        self.logID = logID
        self.keyDetails = keyDetails
        self.validity = validity
        self.publicKeyBytes = publicKeyBytes
        key = try? VerificationKey(der: publicKeyBytes)
    }

    public static func == (lhs: TransparencyLogInstance, rhs: TransparencyLogInstance) -> Bool {
        lhs.baseURL == rhs.baseURL && lhs.logID == rhs.logID && lhs.keyDetails == rhs.keyDetails
            && lhs.validity == rhs.validity && lhs.publicKeyBytes == rhs.publicKeyBytes
    }

    /// The host name of ``baseURL`` (the checkpoint origin of a Rekor v2 log).
    public var hostName: String {
        var text = Substring(baseURL)
        if let scheme = text.range(of: "://") { text = text[scheme.upperBound...] }
        if let slash = text.firstIndex(of: "/") { text = text[..<slash] }
        return String(text)
    }

    /// The hash named by ``keyDetails`` for ECDSA and RSA keys, else the key's default.
    package var signatureDigest: DigestAlgorithm {
        if keyDetails.hasSuffix("SHA_384") || keyDetails.hasSuffix("SHA384") { return .sha384 }
        if keyDetails.hasSuffix("SHA_512") || keyDetails.hasSuffix("SHA512") { return .sha512 }
        if keyDetails.hasSuffix("SHA_256") || keyDetails.hasSuffix("SHA256") || keyDetails.hasPrefix("PKCS1_RSA") { return .sha256 }
        return key?.defaultDigest ?? .sha256
    }

    /// A short name for messages: the base URL and the hex log ID prefix.
    public var displayName: String { "\(baseURL) (log ID \(Hex.encode(logID.prefix(8)))…)" }
}

extension TransparencyLogInstance {
    init(_ reader: JSONReader) throws(SigstoreVerificationError) {
        do {
            let publicKey = try reader.object("publicKey")
            let keyBytes = try publicKey.bytes("rawBytes")
            let validity = try ValidityPeriod(try publicKey.optionalObject("validFor"),
                                              field: publicKey.childPath("validFor"), requireStart: true)
            self.init(baseURL: try reader.string("baseUrl"), logID: try reader.object("logId").bytes("keyId"),
                      keyDetails: try publicKey.optionalString("keyDetails") ?? "", validity: validity,
                      publicKeyBytes: keyBytes)
        } catch {
            throw .readingTrustMaterial(error)
        }
    }
}
