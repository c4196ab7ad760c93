import Crypto
import Foundation
import SwiftASN1
import X509

/// Makes the loopback services' CA certificates (ECDSA P-256, ten years from `notBefore`).
/// Fulcio's CA and the TSA differ only in names, path lengths and the leaf's extensions.
enum LocalCertificateIssuer {
    /// How long the loopback CA and TSA certificates are valid.
    static let lifetime: TimeInterval = 10 * 365 * 86_400

    /// A self-signed CA root for `key`.
    static func root(key: P256.Signing.PrivateKey, name: DistinguishedName, maxPathLength: Int, notBefore: Date) throws -> Certificate {
        try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(key.publicKey),
            notValidBefore: notBefore, notValidAfter: notBefore + lifetime, issuer: name, subject: name,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: maxPathLength))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: Certificate.PublicKey(key.publicKey))
            },
            issuerPrivateKey: .init(key))
    }

    /// A certificate for `key` issued by `issuer` (signed with `issuerKey`) carrying `extensions`
    /// followed by its subject and authority key identifiers.
    static func issue(key: P256.Signing.PublicKey, subject: DistinguishedName, extensions: [Certificate.Extension],
                      issuer: Certificate, issuerKey: P256.Signing.PrivateKey, notBefore: Date) throws -> Certificate {
        let identifiers = try Certificate.Extensions {
            SubjectKeyIdentifier(hash: Certificate.PublicKey(key))
            AuthorityKeyIdentifier(keyIdentifier: try issuer.extensions.subjectKeyIdentifier?.keyIdentifier)
        }
        return try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(key),
            notValidBefore: notBefore, notValidAfter: notBefore + lifetime, issuer: issuer.subject, subject: subject,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions(extensions + Array(identifiers)),
            issuerPrivateKey: .init(issuerKey))
    }
}
