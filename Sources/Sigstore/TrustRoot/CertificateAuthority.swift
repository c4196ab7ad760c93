import Foundation
import X509

/// A certificate authority (Fulcio) or timestamp authority named by a trusted root: a chain of
/// certificates, the issuing certificate first and the root last.
public struct CertificateAuthority: Sendable, Equatable {
    /// `subject.organization` and `subject.commonName` as written (informational).
    public var organization: String?
    public var commonName: String?
    /// The service URI, when given.
    public var uri: String?
    /// The chain, issuing (or TSA signing) certificate first, root last.
    public var certificates: [Certificate]
    /// When the authority may be trusted.
    public var validity: ValidityPeriod

    public init(organization: String?, commonName: String?, uri: String?, certificates: [Certificate], validity: ValidityPeriod) {
        self.organization = organization
        self.commonName = commonName
        self.uri = uri
        self.certificates = certificates
        self.validity = validity
    }

    /// A short name for messages.
    public var displayName: String {
        let name = [organization, commonName].compactMap { $0 }.joined(separator: ", ")
        return uri.map { "\($0) (\(name))" } ?? name
    }
}

extension CertificateAuthority {
    init(_ reader: JSONReader) throws(SigstoreVerificationError) {
        do {
            let subject = try reader.optionalObject("subject")
            var certificates: [Certificate] = []
            for (index, entry) in try reader.object("certChain").objects("certificates").enumerated() {
                let der = try entry.bytes("rawBytes")
                do {
                    certificates.append(try Certificate(derEncoded: der))
                } catch {
                    throw SigstoreVerificationError(
                        .trustMaterial, "\(reader.childPath("certChain.certificates[\(index)]")): not an X.509 certificate (\(LibraryErrorText.problem(error)))")
                }
            }
            guard !certificates.isEmpty else {
                throw SigstoreVerificationError(.trustMaterial, "\(reader.childPath("certChain.certificates")): no certificates")
            }
            let validity = try ValidityPeriod(try reader.optionalObject("validFor"), field: reader.childPath("validFor"),
                                              requireStart: false)
            self.init(organization: try subject?.optionalString("organization"),
                      commonName: try subject?.optionalString("commonName"), uri: try reader.optionalString("uri"),
                      certificates: certificates, validity: validity)
        } catch {
            throw .readingTrustMaterial(error)
        }
    }
}
