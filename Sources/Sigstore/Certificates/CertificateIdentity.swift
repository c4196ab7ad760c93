import SwiftASN1
import X509

/// The identity a Fulcio certificate attests: its SubjectAltName values and OIDC issuer.
public struct CertificateIdentity: Sendable, Equatable {
    /// Fulcio's OIDC issuer extension, DER UTF8String (current).
    static let issuerV2OID: ASN1ObjectIdentifier = [1, 3, 6, 1, 4, 1, 57264, 1, 8]
    /// Fulcio's original OIDC issuer extension, raw bytes without a DER wrapper.
    static let issuerV1OID: ASN1ObjectIdentifier = [1, 3, 6, 1, 4, 1, 57264, 1, 1]
    /// Sigstore's otherName SAN type (a username such as `foo!oidc.local`).
    static let otherNameOID: ASN1ObjectIdentifier = [1, 3, 6, 1, 4, 1, 57264, 1, 7]

    /// The SAN values Sigstore identities use: email addresses, URIs and Sigstore otherNames.
    public var subjectAlternativeNames: [String]
    /// The OIDC issuer (from OID `1.3.6.1.4.1.57264.1.8`, else `.1.1`), if the certificate has one.
    public var issuer: String?

    public init(subjectAlternativeNames: [String], issuer: String?) {
        self.subjectAlternativeNames = subjectAlternativeNames
        self.issuer = issuer
    }

    /// Reads the identity of `certificate`.
    public init(_ certificate: Certificate) throws(SigstoreVerificationError) {
        var names: [String] = []
        do {
            for name in try certificate.extensions.subjectAlternativeNames ?? SubjectAlternativeNames() {
                switch name {
                case .rfc822Name(let email): names.append(email)
                case .uniformResourceIdentifier(let uri): names.append(uri)
                case .otherName(let other) where other.typeID == CertificateIdentity.otherNameOID:
                    if let value = other.value, let text = try? ASN1UTF8String(asn1Any: value) {
                        names.append(String(text))
                    }
                default: continue
                }
            }
        } catch {
            throw SigstoreVerificationError(.identity, "malformed SubjectAltName extension: \(LibraryErrorText.problem(error))")
        }
        var issuer: String?
        if let ext = certificate.extensions[oid: CertificateIdentity.issuerV2OID] {
            guard let text = try? ASN1UTF8String(derEncoded: ext.value) else {
                throw SigstoreVerificationError(.identity, "the OIDC issuer extension (1.3.6.1.4.1.57264.1.8) is not a UTF8String")
            }
            issuer = String(text)
        } else if let ext = certificate.extensions[oid: CertificateIdentity.issuerV1OID] {
            guard let text = String(validating: ext.value, as: UTF8.self) else {
                throw SigstoreVerificationError(.identity, "the OIDC issuer extension (1.3.6.1.4.1.57264.1.1) is not UTF-8")
            }
            issuer = text
        }
        self.init(subjectAlternativeNames: names, issuer: issuer)
    }
}
