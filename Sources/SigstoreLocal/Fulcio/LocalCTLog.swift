import Crypto
import Foundation
import Sigstore

/// The loopback certificate-transparency log: only signs SCTs (RFC 6962 v1, precertificate
/// entries), which Fulcio embeds; nothing is stored.
struct LocalCTLog: Sendable {
    let key: P256.Signing.PrivateKey

    /// The log ID: SHA-256 of the DER SubjectPublicKeyInfo.
    var logID: [UInt8] { Array(SHA256.hash(data: Array(key.publicKey.derRepresentation))) }

    /// A TLS-encoded `SignedCertificateTimestampList` holding one SCT over `tbs`.
    func signedCertificateTimestampList(tbs: [UInt8], issuerKeyHash: [UInt8], at date: Date) throws -> [UInt8] {
        var sct = SignedCertificateTimestamp(version: 0, logID: logID, timestamp: UInt64(date.timeIntervalSince1970 * 1000),
                                             extensions: [], hashAlgorithm: 4, signatureAlgorithm: 3, signature: [])
        let signed = sct.signedData(tbsWithoutSCT: tbs, issuerKeyHash: issuerKeyHash)
        sct.signature = Array(try key.signature(for: signed).derRepresentation)
        var item: [UInt8] = [sct.version] + sct.logID
        for shift in stride(from: 56, through: 0, by: -8) { item.append(UInt8(truncatingIfNeeded: sct.timestamp >> UInt64(shift))) }
        item += [0, 0, sct.hashAlgorithm, sct.signatureAlgorithm]
        item += LocalCTLog.u16(sct.signature.count) + sct.signature
        let entry = LocalCTLog.u16(item.count) + item
        return LocalCTLog.u16(entry.count) + entry
    }

    private static func u16(_ value: Int) -> [UInt8] { [UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)] }
}
