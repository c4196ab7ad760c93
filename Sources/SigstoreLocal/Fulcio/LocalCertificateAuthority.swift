import Crypto
import Foundation
import Sigstore
import SwiftASN1
import X509

/// A two-level CA (root and intermediate, ECDSA P-256) issuing Fulcio-style leaves.
struct LocalCertificateAuthority: Sendable {
    let root: Certificate
    let intermediate: Certificate
    let intermediateKey: P256.Signing.PrivateKey

    /// How long issued leaves are valid (Fulcio: 10 minutes).
    static let leafLifetime: TimeInterval = 600

    /// Sigstore's OIDC issuer extensions: `.1.1` holds the raw URL, `.1.8` a DER UTF8String.
    static let issuerV1OID: ASN1ObjectIdentifier = [1, 3, 6, 1, 4, 1, 57264, 1, 1]
    static let issuerV2OID: ASN1ObjectIdentifier = [1, 3, 6, 1, 4, 1, 57264, 1, 8]

    /// A new CA valid from `notBefore` (set before now, so that trusted times just past are covered).
    init(name: String, notBefore: Date) throws {
        let rootKey = P256.Signing.PrivateKey()
        let intermediateKey = P256.Signing.PrivateKey()
        let rootName = try DistinguishedName { OrganizationName("sigstore-local"); CommonName("\(name) root") }
        let intermediateName = try DistinguishedName { OrganizationName("sigstore-local"); CommonName("\(name) intermediate") }
        let root = try LocalCertificateIssuer.root(key: rootKey, name: rootName, maxPathLength: 1, notBefore: notBefore)
        intermediate = try LocalCertificateIssuer.issue(
            key: intermediateKey.publicKey, subject: intermediateName,
            extensions: Array(Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                try ExtendedKeyUsage([.codeSigning])
            }),
            issuer: root, issuerKey: rootKey, notBefore: notBefore)
        self.root = root
        self.intermediateKey = intermediateKey
    }

    /// Issues a Fulcio leaf for `publicKey`: empty subject, critical SAN (email, or URI when
    /// `identity` is not an email), critical KeyUsage digitalSignature, EKU codeSigning, the
    /// issuer extensions, and an SCT from `ctLog` embedded over the precertificate TBS.
    func issueLeaf(for publicKey: Certificate.PublicKey, identity: String, oidcIssuer: String,
                   ctLog: LocalCTLog, now: Date = Date()) throws -> Certificate {
        let serial = Certificate.SerialNumber()
        // Whole seconds, as X.509 stores them: a rounded-up notBefore would postdate a log entry
        // integrated within the same second.
        let notBefore = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        let notAfter = notBefore + LocalCertificateAuthority.leafLifetime
        let san: GeneralName = identity.contains("@") && !identity.contains("://") ? .rfc822Name(identity) : .uniformResourceIdentifier(identity)
        let intermediateKeyIdentifier = try intermediate.extensions.subjectKeyIdentifier?.keyIdentifier
        var issuerV2 = DER.Serializer()
        try issuerV2.serialize(ASN1UTF8String(oidcIssuer))
        let baseExtensions: [Certificate.Extension] = try Array(Certificate.Extensions {
            Critical(KeyUsage(digitalSignature: true))
            try ExtendedKeyUsage([.codeSigning])
            SubjectKeyIdentifier(hash: publicKey)
            AuthorityKeyIdentifier(keyIdentifier: intermediateKeyIdentifier)
            Critical(SubjectAlternativeNames([san]))
            Certificate.Extension(oid: LocalCertificateAuthority.issuerV1OID, critical: false, value: ArraySlice(oidcIssuer.utf8))
            Certificate.Extension(oid: LocalCertificateAuthority.issuerV2OID, critical: false, value: ArraySlice(issuerV2.serializedBytes))
        })
        func build(_ extensions: [Certificate.Extension]) throws -> Certificate {
            try Certificate(
                version: .v3, serialNumber: serial, publicKey: publicKey, notValidBefore: notBefore, notValidAfter: notAfter,
                issuer: intermediate.subject, subject: DistinguishedName(), signatureAlgorithm: .ecdsaWithSHA256,
                extensions: try Certificate.Extensions(extensions), issuerPrivateKey: .init(intermediateKey))
        }
        // The precertificate: the same TBS without the SCT list, which is what the log signs.
        let precertificate = try build(baseExtensions)
        let issuerKeyHash = Array(SHA256.hash(data: intermediate.publicKey.subjectPublicKeyInfoDER))
        let sctList = try ctLog.signedCertificateTimestampList(tbs: Array(precertificate.tbsCertificateBytes),
                                                               issuerKeyHash: issuerKeyHash, at: now)
        var wrapped = DER.Serializer()
        try wrapped.serialize(ASN1OctetString(contentBytes: ArraySlice(sctList)))
        let sctExtension = Certificate.Extension(oid: SignedCertificateTimestamp.extensionOID, critical: false,
                                                 value: ArraySlice(wrapped.serializedBytes))
        return try build(baseExtensions + [sctExtension])
    }

    /// The chain Fulcio returns after the leaf: intermediate, then root.
    var chain: [Certificate] { [intermediate, root] }
}

extension Certificate {
    /// The certificate in PEM with a final newline.
    var pemText: String { ((try? serializeAsPEM().pemString) ?? "") + "\n" }

    var derBytes: [UInt8] {
        var serializer = DER.Serializer()
        try? serializer.serialize(self)
        return serializer.serializedBytes
    }
}
