import Sigstore
import SwiftASN1
import X509

/// Reads X.509 certificates from PEM files and DER bytes.
///
/// PEM files may hold several certificates and text before, between and after the blocks
/// (certtool and `openssl x509 -text` write a readable dump first); blocks other than
/// `CERTIFICATE` (keys, for example) are skipped.
public enum CertificateLoader {
    /// Files larger than this are refused (the largest system bundles are about 250 KB).
    static let maximumFileSize = 16 << 20

    /// Every certificate in `pem`, in order.
    ///
    /// - Throws: ``ModelSigningError/certificate(_:)`` when the text is not PEM, holds no
    ///   certificate, or a certificate is malformed.
    public static func certificates(pem: String) throws(ModelSigningError) -> [Certificate] {
        let blocks: [PEMBlock]
        do { blocks = try PEMBlock.parseAll(pem) } catch { throw .certificate(error.description) }
        let certificateBlocks = blocks.filter { $0.label == "CERTIFICATE" || $0.label == "X509 CERTIFICATE" }
        guard !certificateBlocks.isEmpty else {
            if blocks.contains(where: { $0.label.hasSuffix("PRIVATE KEY") || $0.label == "PUBLIC KEY" }) {
                throw .certificate("this is a key, not a certificate (no CERTIFICATE PEM block found)")
            }
            throw .certificate("no CERTIFICATE PEM block found")
        }
        var result: [Certificate] = []
        for (index, block) in certificateBlocks.enumerated() {
            do {
                result.append(try certificate(der: block.der))
            } catch {
                throw .certificate("certificate #\(index + 1) of the PEM text: \(error.certificateReason)")
            }
        }
        return result
    }

    /// Every certificate in the PEM file at `path`, in order.
    public static func certificates(contentsOf path: String) throws(ModelSigningError) -> [Certificate] {
        let bytes = try SignatureFile.contents(of: path, what: "certificate file", limit: maximumFileSize)
        do {
            return try certificates(pem: String(decoding: bytes, as: UTF8.self))
        } catch {
            throw .certificate("\(path): \(error.certificateReason)")
        }
    }

    /// Every certificate of every file in `paths`, in order.
    public static func certificates(contentsOf paths: [String]) throws(ModelSigningError) -> [Certificate] {
        var result: [Certificate] = []
        for path in paths { result += try certificates(contentsOf: path) }
        return result
    }

    /// The first certificate in the PEM file at `path`; further certificates are refused so
    /// that a chain file given as the signing certificate is noticed.
    public static func certificate(contentsOf path: String) throws(ModelSigningError) -> Certificate {
        let all = try certificates(contentsOf: path)
        guard all.count == 1 else {
            throw .certificate("\(path): expected one certificate, found \(all.count); give the other certificates as the chain")
        }
        return all[0]
    }

    /// A certificate from its DER encoding.
    public static func certificate(der: [UInt8]) throws(ModelSigningError) -> Certificate {
        do {
            return try Certificate(derEncoded: der)
        } catch {
            throw .certificate("not a valid DER X.509 certificate (\(LibraryErrorText.problem(error, der: der)))")
        }
    }
}
