import Sigstore
import Foundation
import X509

/// The operating system's CA bundle, used as trust anchors when none are given (the reference
/// uses `certifi`'s copy of the Mozilla roots in the same situation).
public enum SystemTrustStore {
    /// Where Linux distributions and BSD/macOS keep the PEM bundle, most common first.
    public static let candidatePaths = [
        "/etc/ssl/certs/ca-certificates.crt",  // Debian, Ubuntu, Gentoo, Arch, Alpine
        "/etc/pki/tls/certs/ca-bundle.crt",  // Fedora, RHEL, CentOS
        "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",  // Fedora, RHEL (extracted)
        "/etc/ssl/ca-bundle.pem",  // openSUSE
        "/etc/pki/tls/cacert.pem",  // OpenELEC
        "/etc/ssl/cert.pem",  // Alpine, macOS, FreeBSD, OpenBSD
        "/usr/local/etc/ssl/cert.pem",  // FreeBSD ports
    ]

    /// The bundle's path: `$SSL_CERT_FILE` when set, else the first of ``candidatePaths``
    /// that exists.
    public static func bundlePath() -> String? {
        if let path = ProcessInfo.processInfo.environment["SSL_CERT_FILE"], !path.isEmpty { return path }
        return candidatePaths.first { FileManager.default.isReadableFile(atPath: $0) }
    }

    /// The certificates of the system bundle and where they came from. Entries that do not
    /// parse are skipped (system bundles occasionally carry certificates X.509 libraries
    /// disagree on); an unreadable or empty bundle is an error.
    public static func load() throws(ModelSigningError) -> (path: String, certificates: [Certificate]) {
        guard let path = bundlePath() else {
            throw .certificate("no certificate chain was given and no system CA bundle was found (looked at $SSL_CERT_FILE and \(candidatePaths.joined(separator: ", ")))")
        }
        let bytes = try SignatureFile.contents(of: path, what: "system CA bundle", limit: CertificateLoader.maximumFileSize)
        let blocks: [PEMBlock]
        do {
            blocks = try PEMBlock.parseAll(String(decoding: bytes, as: UTF8.self))
        } catch {
            throw .certificate("\(path): \(error.description)")
        }
        let certificates = blocks.filter { $0.label == "CERTIFICATE" }.compactMap { try? Certificate(derEncoded: $0.der) }
        guard !certificates.isEmpty else { throw .certificate("the system CA bundle \(path) holds no usable certificate") }
        return (path, certificates)
    }
}
