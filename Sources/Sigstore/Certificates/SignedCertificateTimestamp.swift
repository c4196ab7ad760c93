import Crypto
import Foundation
import SwiftASN1
import X509

/// An RFC 6962 signed certificate timestamp, as embedded in a precertificate-derived leaf.
package struct SignedCertificateTimestamp: Sendable, Equatable {
    /// The X.509 extension that carries the SCT list.
    package static let extensionOID: ASN1ObjectIdentifier = [1, 3, 6, 1, 4, 1, 11129, 2, 4, 2]
    /// The EKU of a precertificate-signing certificate.
    static let precertificateSigningOID: ASN1ObjectIdentifier = [1, 3, 6, 1, 4, 1, 11129, 2, 4, 4]

    package var version: UInt8
    package var logID: [UInt8]
    /// Milliseconds since the epoch.
    package var timestamp: UInt64
    package var extensions: [UInt8]
    package var hashAlgorithm: UInt8
    package var signatureAlgorithm: UInt8
    package var signature: [UInt8]

    package var date: Date { Date(timeIntervalSince1970: Double(timestamp) / 1000) }

    package init(version: UInt8, logID: [UInt8], timestamp: UInt64, extensions: [UInt8], hashAlgorithm: UInt8,
                 signatureAlgorithm: UInt8, signature: [UInt8]) {
        self.version = version
        self.logID = logID
        self.timestamp = timestamp
        self.extensions = extensions
        self.hashAlgorithm = hashAlgorithm
        self.signatureAlgorithm = signatureAlgorithm
        self.signature = signature
    }

    /// Reads the SCTs embedded in `certificate`.
    package static func embedded(in certificate: Certificate) throws(SigstoreVerificationError) -> [SignedCertificateTimestamp] {
        try parseList(embeddedList(in: certificate))
    }

    /// The TLS-encoded SCT list `certificate`'s SCT extension holds (what ``parseList(_:)`` reads).
    package static func embeddedList(in certificate: Certificate) throws(SigstoreVerificationError) -> [UInt8] {
        guard let ext = certificate.extensions[oid: extensionOID] else {
            throw SigstoreVerificationError(.signedCertificateTimestamp, "the signing certificate has no embedded SCT extension")
        }
        do {
            return Array(try parseDER(ext.value, "SCT extension").octetString("SCT extension"))
        } catch {
            throw SigstoreVerificationError(.signedCertificateTimestamp, "malformed SCT extension: \(LibraryErrorText.problem(error))")
        }
    }

    /// Parses a TLS-encoded `SignedCertificateTimestampList`.
    package static func parseList(_ bytes: [UInt8]) throws(SigstoreVerificationError) -> [SignedCertificateTimestamp] {
        var reader = TLSReader(bytes)
        guard let total = reader.u16(), total == reader.remaining else {
            throw SigstoreVerificationError(.signedCertificateTimestamp, "malformed SCT list: bad total length")
        }
        var result: [SignedCertificateTimestamp] = []
        while reader.remaining > 0 {
            guard let length = reader.u16(), let item = reader.bytes(Int(length)) else {
                throw SigstoreVerificationError(.signedCertificateTimestamp, "malformed SCT list: truncated entry")
            }
            var sct = TLSReader(item)
            guard let version = sct.u8(), let logID = sct.bytes(32), let timestamp = sct.u64(),
                  let extensionsLength = sct.u16(), let extensions = sct.bytes(Int(extensionsLength)),
                  let hash = sct.u8(), let algorithm = sct.u8(), let signatureLength = sct.u16(),
                  let signature = sct.bytes(Int(signatureLength)), sct.remaining == 0 else {
                throw SigstoreVerificationError(.signedCertificateTimestamp, "malformed SCT #\(result.count)")
            }
            result.append(SignedCertificateTimestamp(version: version, logID: logID, timestamp: timestamp, extensions: extensions,
                                                     hashAlgorithm: hash, signatureAlgorithm: algorithm, signature: signature))
        }
        guard !result.isEmpty else {
            throw SigstoreVerificationError(.signedCertificateTimestamp, "the SCT list is empty")
        }
        return result
    }

    /// The `digitally-signed` data of a precertificate SCT.
    package func signedData(tbsWithoutSCT: [UInt8], issuerKeyHash: [UInt8]) -> [UInt8] {
        var data: [UInt8] = [version, 0]  // version, signature_type = certificate_timestamp
        for shift in stride(from: 56, through: 0, by: -8) { data.append(UInt8(truncatingIfNeeded: timestamp >> UInt64(shift))) }
        data += [0x00, 0x01]  // entry_type = precert_entry
        data += issuerKeyHash
        let length = tbsWithoutSCT.count
        data += [UInt8(truncatingIfNeeded: length >> 16), UInt8(truncatingIfNeeded: length >> 8), UInt8(truncatingIfNeeded: length)]
        data += tbsWithoutSCT
        data += [UInt8(truncatingIfNeeded: extensions.count >> 8), UInt8(truncatingIfNeeded: extensions.count)]
        data += extensions
        return data
    }

    /// The leaf's TBSCertificate with the SCT-list extension removed and lengths re-encoded
    /// (the precertificate TBS the log signed).
    package static func precertificateTBS(of certificate: Certificate) throws(DERFormatError) -> [UInt8] {
        let tbs = try parseDER(certificate.tbsCertificateBytes, "TBSCertificate")
        var content: [UInt8] = []
        for field in try tbs.elements("TBSCertificate") {
            guard field.isContextTag(3) else {
                content += field.encodedBytes
                continue
            }
            let wrapper = try field.children("extensions")
            guard wrapper.count == 1 else { throw DERFormatError("extensions: expected one SEQUENCE") }
            var extensions: [UInt8] = []
            for ext in try wrapper[0].elements("extensions") {
                let parts = try ext.elements("extension")
                guard let first = parts.first else { throw DERFormatError("extension: empty") }
                if try first.objectIdentifier("extension id") == extensionOID { continue }
                extensions += ext.encodedBytes
            }
            content += derEncode(tag: 0xA3, content: derEncode(tag: 0x30, content: extensions))
        }
        return derEncode(tag: 0x30, content: content)
    }

    /// Verifies the SCTs of `leaf`, whose validated chain is `chain` (leaf first): at least one
    /// must be signed by a CT log of the trusted root whose key was valid at the SCT's time.
    package static func verifyEmbedded(in leaf: Certificate, chain: [Certificate],
                                       logs: [TransparencyLogInstance]) throws(SigstoreVerificationError) -> [SignedCertificateTimestamp] {
        try verify(try embedded(in: leaf), of: leaf, chain: chain, logs: logs)
    }

    /// Verifies `scts` as SCTs of `leaf` (see ``verifyEmbedded(in:chain:logs:)``).
    package static func verify(_ scts: [SignedCertificateTimestamp], of leaf: Certificate, chain: [Certificate],
                               logs: [TransparencyLogInstance]) throws(SigstoreVerificationError) -> [SignedCertificateTimestamp] {
        // The issuer is the next certificate, skipping a precertificate-signing certificate.
        var issuerIndex = 1
        if chain.count > 2, let eku = try? chain[1].extensions.extendedKeyUsage,
           eku.contains(ExtendedKeyUsage.Usage(oid: precertificateSigningOID)) {
            issuerIndex = 2
        }
        guard issuerIndex < chain.count else {
            throw SigstoreVerificationError(.signedCertificateTimestamp, "the validated chain has no issuer certificate")
        }
        let issuerKeyHash = Array(SHA256.hash(data: chain[issuerIndex].publicKey.subjectPublicKeyInfoDER))
        let tbs: [UInt8]
        do {
            tbs = try precertificateTBS(of: leaf)
        } catch {
            throw SigstoreVerificationError(.signedCertificateTimestamp, "cannot rebuild the precertificate: \(LibraryErrorText.problem(error))")
        }
        var verified: [SignedCertificateTimestamp] = []
        var problems: [String] = []
        for sct in scts {
            guard sct.version == 0 else {
                problems.append("SCT version \(sct.version) is not v1"); continue
            }
            guard let log = logs.first(where: { $0.logID == sct.logID }) else {
                problems.append("SCT from unknown log \(Base64.encode(sct.logID))"); continue
            }
            guard log.validity.contains(sct.date) else {
                problems.append("SCT time \(RFC3339.string(sct.date)) is outside the validity of log \(log.displayName) (\(log.validity))"); continue
            }
            guard sct.hashAlgorithm == 4, sct.signatureAlgorithm == 3 || sct.signatureAlgorithm == 1 else {
                problems.append("SCT uses hash \(sct.hashAlgorithm)/signature \(sct.signatureAlgorithm); only SHA-256 with ECDSA or RSA is supported"); continue
            }
            guard let key = log.key else {
                problems.append("the key of log \(log.displayName) cannot be read"); continue
            }
            let data = sct.signedData(tbsWithoutSCT: tbs, issuerKeyHash: issuerKeyHash)
            if key.isValidSignature(sct.signature, for: data, digest: .sha256) {
                verified.append(sct)
            } else {
                problems.append("SCT signature invalid for log \(log.displayName)")
            }
        }
        guard !verified.isEmpty else {
            throw SigstoreVerificationError(.signedCertificateTimestamp, problems.joined(separator: "; "))
        }
        return verified
    }
}

/// Reads big-endian TLS fields.
struct TLSReader {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var remaining: Int { bytes.count - offset }

    mutating func bytes(_ count: Int) -> [UInt8]? {
        guard count >= 0, count <= remaining else { return nil }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func u8() -> UInt8? { bytes(1).map { $0[0] } }
    mutating func u16() -> UInt16? { bytes(2).map { UInt16($0[0]) << 8 | UInt16($0[1]) } }
    mutating func u64() -> UInt64? { bytes(8).map { $0.reduce(0) { $0 << 8 | UInt64($1) } } }
}
