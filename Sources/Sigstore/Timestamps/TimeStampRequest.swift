import Crypto
import SwiftASN1

/// An RFC 3161 `TimeStampReq` over a SHA-256 digest, with a random nonce and `certReq` set.
///
/// ```swift
/// let request = TimeStampRequest(digestOf: signatureBytes)
/// // POST request.derBytes with Content-Type application/timestamp-query
/// try request.checkResponse(replyBytes)
/// ```
public struct TimeStampRequest: Sendable, Equatable {
    static let sha256OID: ASN1ObjectIdentifier = [2, 16, 840, 1, 101, 3, 4, 2, 1]

    /// The SHA-256 digest being timestamped (the message imprint).
    public var messageImprint: [UInt8]
    /// The nonce (a random positive integer).
    public var nonce: UInt64
    /// Whether the authority is asked to embed its certificate.
    public var certificateRequested: Bool

    /// A request over SHA-256(`data`) with a fresh 64-bit random nonce.
    public init(digestOf data: [UInt8], certificateRequested: Bool = true) {
        var generator = SystemRandomNumberGenerator()
        self.init(messageImprint: Array(SHA256.hash(data: data)), nonce: UInt64.random(in: 1...UInt64.max, using: &generator),
                  certificateRequested: certificateRequested)
    }

    public init(messageImprint: [UInt8], nonce: UInt64, certificateRequested: Bool = true) {
        self.messageImprint = messageImprint
        self.nonce = nonce
        self.certificateRequested = certificateRequested
    }

    /// The DER `TimeStampReq`:
    /// `SEQUENCE { version 1, messageImprint { sha256, digest }, nonce, certReq }`.
    public var derBytes: [UInt8] {
        var serializer = DER.Serializer()
        // Serializing integers, OIDs and octet strings into a fresh serializer cannot fail.
        try? serializer.appendConstructedNode(identifier: .sequence) { request in
            try request.serialize(1)
            try request.appendConstructedNode(identifier: .sequence) { imprint in
                try imprint.appendConstructedNode(identifier: .sequence) { algorithm in
                    try algorithm.serialize(TimeStampRequest.sha256OID)
                    try algorithm.serialize(ASN1Null())
                }
                try imprint.serialize(ASN1OctetString(contentBytes: ArraySlice(messageImprint)))
            }
            try request.serialize(nonce)
            if certificateRequested { try request.serialize(true) }
        }
        return serializer.serializedBytes
    }

    /// Checks that a `TimeStampResp` answers this request: status granted, a SHA-256 imprint
    /// equal to ours and the same nonce. (The token's signature and chain are checked against
    /// the trusted root separately.)
    public func checkResponse(_ response: [UInt8]) throws(SigstoreVerificationError) {
        let token: TimeStampToken
        do {
            token = try TimeStampToken(response)
        } catch {
            throw SigstoreVerificationError(.timestamp, "the timestamp response is malformed or refused: \(error)")
        }
        guard token.imprintAlgorithm == .sha256, token.imprint == messageImprint else {
            throw SigstoreVerificationError(.timestamp, "the timestamp is over another digest than the one requested (message imprint mismatch)")
        }
        let answeredNonce: [UInt8]?
        do {
            answeredNonce = try TimeStampRequest.nonce(inTSTInfo: token.tstInfoDER)
        } catch {
            throw SigstoreVerificationError(.timestamp, "the timestamp's TSTInfo is malformed: \(error)")
        }
        let expectedNonce = TimeStampToken.stripLeadingZeros(withUnsafeBytes(of: nonce.bigEndian, Array.init))
        guard let answeredNonce, answeredNonce == expectedNonce else {
            throw SigstoreVerificationError(.timestamp, answeredNonce == nil
                ? "the timestamp carries no nonce although one was requested"
                : "the timestamp's nonce differs from the one requested (a replayed or foreign reply)")
        }
    }

    /// The nonce of a TSTInfo, if any: the first INTEGER after genTime (accuracy is a
    /// SEQUENCE and ordering a BOOLEAN, so the INTEGER is unambiguous).
    static func nonce(inTSTInfo der: [UInt8]) throws(DERFormatError) -> [UInt8]? {
        let elements = try parseDER(der, "TSTInfo").elements("TSTInfo")
        guard elements.count >= 5 else { throw DERFormatError("TSTInfo: too few fields") }
        for element in elements.dropFirst(5) where element.identifier == .integer {
            return TimeStampToken.stripLeadingZeros(try element.primitiveBytes("nonce"))
        }
        return nil
    }
}
