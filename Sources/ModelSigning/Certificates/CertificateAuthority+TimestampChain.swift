import Sigstore
import X509

extension CertificateAuthority {
    /// A trusted RFC 3161 timestamp authority from a PEM file holding its signing certificate
    /// first, then its intermediates, then its root (the root is the trust anchor), as
    /// `verify key|certificate --tsa-certificate-chain` takes it.
    ///
    /// - Throws: ``ModelSigningError/certificate(_:)`` when the file holds no certificate or
    ///   starts with a CA certificate instead of the authority's signing certificate.
    public init(timestampAuthorityChainAt path: String) throws(ModelSigningError) {
        let certificates = try CertificateLoader.certificates(contentsOf: path)
        guard let leaf = certificates.first else { throw .certificate("\(path): no certificate") }
        if let constraints = try? leaf.extensions.basicConstraints, case .isCertificateAuthority = constraints, certificates.count > 1 {
            throw .certificate("\(path): the first certificate (\(leaf.summary)) is a CA; the timestamp authority's signing certificate must come first, its root last")
        }
        // The subject names the authority in messages.
        self.init(organization: nil, commonName: leaf.subject.description, uri: nil, certificates: certificates,
                  validity: ValidityPeriod(start: nil, end: nil))
    }
}
