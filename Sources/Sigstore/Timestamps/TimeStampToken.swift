import Foundation
import SwiftASN1
import X509

/// An RFC 3161 timestamp token (CMS SignedData over a TSTInfo), read from a `TimeStampResp`
/// or a bare `ContentInfo`.
package struct TimeStampToken: Sendable {
    static let signedDataOID: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 7, 2]
    static let tstInfoOID: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 9, 16, 1, 4]
    static let contentTypeAttributeOID: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 9, 3]
    static let messageDigestAttributeOID: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 9, 4]

    /// How the signer is named.
    package enum SignerIdentifier: Sendable {
        case issuerAndSerialNumber(issuer: DistinguishedName, serial: [UInt8])
        case subjectKeyIdentifier([UInt8])
    }

    /// The TSTInfo DER (the encapsulated content).
    package var tstInfoDER: [UInt8]
    package var imprintAlgorithm: DigestAlgorithm
    package var imprint: [UInt8]
    package var genTime: Date
    package var signer: SignerIdentifier
    package var digestAlgorithm: DigestAlgorithm
    /// The signed attributes re-tagged as SET OF (what the signature covers).
    package var signedAttributesDER: [UInt8]
    package var contentTypeAttribute: ASN1ObjectIdentifier?
    package var messageDigestAttribute: [UInt8]?
    package var signatureAlgorithmOID: ASN1ObjectIdentifier
    package var signature: [UInt8]
    package var embeddedCertificates: [Certificate]

    /// Parses `bytes`; the status of a `TimeStampResp` must be granted (0) or granted with
    /// modifications (1).
    package init(_ bytes: [UInt8]) throws(DERFormatError) {
        let outer = try parseDER(bytes, "timestamp")
        let outerElements = try outer.elements("timestamp")
        guard let first = outerElements.first else { throw DERFormatError("timestamp: empty SEQUENCE") }
        let contentInfo: ASN1Node
        if first.identifier == .objectIdentifier {
            contentInfo = outer
        } else {
            let status = try first.elements("PKIStatusInfo")
            guard let code = status.first else { throw DERFormatError("PKIStatusInfo: empty") }
            let value = try code.smallInteger("PKIStatus")
            guard value == 0 || value == 1 else { throw DERFormatError("the timestamp response status is \(value), not granted") }
            guard outerElements.count >= 2 else { throw DERFormatError("the timestamp response has no token") }
            guard outerElements.count == 2 else { throw DERFormatError("TimeStampResp: unexpected fields after the token") }
            contentInfo = outerElements[1]
        }
        let info = try contentInfo.elements("ContentInfo")
        guard info.count == 2, try info[0].objectIdentifier("contentType") == TimeStampToken.signedDataOID,
              info[1].isContextTag(0) else {
            throw DERFormatError("the token is not CMS SignedData")
        }
        let signedDataWrapper = try info[1].children("SignedData")
        guard signedDataWrapper.count == 1 else { throw DERFormatError("SignedData: bad explicit tag") }
        let signedData = try signedDataWrapper[0].elements("SignedData")
        guard signedData.count >= 4 else { throw DERFormatError("SignedData: too few fields") }
        // version, digestAlgorithms, encapContentInfo, [0] certificates?, [1] crls?, signerInfos
        try TimeStampToken.checkOptionalFields(signedData[3..<(signedData.count - 1)])
        let encapsulated = try signedData[2].elements("EncapsulatedContentInfo")
        guard encapsulated.count == 2, try encapsulated[0].objectIdentifier("eContentType") == TimeStampToken.tstInfoOID else {
            throw DERFormatError("the token's content type is not id-ct-TSTInfo")
        }
        guard encapsulated[1].isContextTag(0) else { throw DERFormatError("eContent: missing") }
        let eContent = try encapsulated[1].children("eContent")
        guard eContent.count == 1 else { throw DERFormatError("eContent: bad explicit tag") }
        tstInfoDER = Array(try eContent[0].octetString("eContent"))

        var certificates: [Certificate] = []
        var hasOtherCertificateChoices = false
        for field in signedData[3...] where field.isContextTag(0) {
            for node in try field.children("certificates") {
                guard node.identifier == .sequence else {
                    hasOtherCertificateChoices = true  // attribute or other certificate formats
                    continue
                }
                if let certificate = try? Certificate(derEncoded: node) { certificates.append(certificate) }
            }
        }
        embeddedCertificates = certificates
        // RFC 5652 §5.1: with an eContentType other than id-data the version is 3, or 4 or 5
        // when the certificates include attribute or other formats.
        let version = try signedData[0].smallInteger("SignedData.version")
        guard version == 3 || (hasOtherCertificateChoices && (version == 4 || version == 5)) else {
            throw DERFormatError("SignedData.version is \(version), expected 3 for TSTInfo content")
        }
        guard let signerInfos = signedData.last, signerInfos.identifier == .set else {
            throw DERFormatError("SignedData: signerInfos missing")
        }
        let infos = try signerInfos.children("signerInfos")
        guard infos.count == 1 else { throw DERFormatError("SignedData has \(infos.count) signers, expected 1") }
        let signerInfo = try infos[0].elements("SignerInfo")
        // version, sid, digestAlgorithm, [0] signedAttrs, signatureAlgorithm, signature, [1] unsignedAttrs?
        guard signerInfo.count == 6 || (signerInfo.count == 7 && signerInfo[6].isContextTag(1)) else {
            throw DERFormatError("SignerInfo: \(signerInfo.count) fields, expected 6, or 7 with unsigned attributes")
        }
        let signerVersion = try signerInfo[0].smallInteger("SignerInfo.version")
        let sid = signerInfo[1]
        if sid.identifier == .sequence {
            let parts = try sid.elements("IssuerAndSerialNumber")
            guard parts.count == 2, parts[1].identifier == .integer else { throw DERFormatError("IssuerAndSerialNumber: malformed") }
            do {
                signer = .issuerAndSerialNumber(issuer: try DistinguishedName(derEncoded: parts[0]),
                                                serial: TimeStampToken.stripLeadingZeros(try parts[1].primitiveBytes("serial")))
            } catch let error as DERFormatError {
                throw error
            } catch {
                throw DERFormatError("IssuerAndSerialNumber: malformed issuer")
            }
        } else if sid.isContextTag(0) {
            signer = .subjectKeyIdentifier(Array(try sid.primitiveBytes("subjectKeyIdentifier")))
        } else {
            throw DERFormatError("SignerInfo: unknown signer identifier")
        }
        // RFC 5652 §5.3: version 1 with issuerAndSerialNumber, 3 with subjectKeyIdentifier.
        let expectedSignerVersion = sid.identifier == .sequence ? 1 : 3
        guard signerVersion == expectedSignerVersion else {
            throw DERFormatError("SignerInfo.version is \(signerVersion), expected \(expectedSignerVersion) for its signer identifier")
        }
        digestAlgorithm = try TimeStampToken.digestAlgorithm(signerInfo[2], "SignerInfo.digestAlgorithm")
        // RFC 5652 §5.1: digestAlgorithms lists the digest algorithm of every signer.
        let listed = try signedData[1].elements("SignedData.digestAlgorithms", identifier: .set)
        var listsSignerDigest = false
        for algorithm in listed {
            let parts = try algorithm.elements("SignedData.digestAlgorithms")
            guard let oid = parts.first, parts.count <= 2 else { throw DERFormatError("SignedData.digestAlgorithms: malformed AlgorithmIdentifier") }
            if try oid.objectIdentifier("SignedData.digestAlgorithms") == TimeStampToken.objectIdentifier(of: digestAlgorithm) { listsSignerDigest = true }
        }
        guard listsSignerDigest else {
            throw DERFormatError("SignedData.digestAlgorithms does not list the signer's digest algorithm \(digestAlgorithm.rawValue)")
        }
        var index = 3
        guard signerInfo[index].isContextTag(0) else { throw DERFormatError("SignerInfo: signed attributes are required") }
        let attributesNode = signerInfo[index]
        var attributesDER = Array(attributesNode.encodedBytes)
        attributesDER[0] = 0x31  // [0] IMPLICIT → SET OF
        signedAttributesDER = attributesDER
        var contentType: ASN1ObjectIdentifier?
        var messageDigest: [UInt8]?
        for attribute in try attributesNode.children("signedAttrs") {
            let parts = try attribute.elements("Attribute")
            guard parts.count == 2 else { throw DERFormatError("Attribute: malformed") }
            let type = try parts[0].objectIdentifier("Attribute.type")
            let values = try parts[1].elements("Attribute.values", identifier: .set)
            if type == TimeStampToken.contentTypeAttributeOID {
                guard contentType == nil, values.count == 1 else { throw DERFormatError("contentType attribute: malformed") }
                contentType = try values[0].objectIdentifier("contentType attribute")
            } else if type == TimeStampToken.messageDigestAttributeOID {
                guard messageDigest == nil, values.count == 1 else { throw DERFormatError("messageDigest attribute: malformed") }
                messageDigest = Array(try values[0].octetString("messageDigest attribute"))
            }
        }
        contentTypeAttribute = contentType
        messageDigestAttribute = messageDigest
        index += 1
        let signatureAlgorithm = try signerInfo[index].elements("SignerInfo.signatureAlgorithm")
        guard let algorithmOID = signatureAlgorithm.first else { throw DERFormatError("signatureAlgorithm: empty") }
        signatureAlgorithmOID = try algorithmOID.objectIdentifier("signatureAlgorithm")
        index += 1
        signature = Array(try signerInfo[index].octetString("SignerInfo.signature"))

        // TSTInfo
        let tstInfo = try parseDER(tstInfoDER, "TSTInfo").elements("TSTInfo")
        guard tstInfo.count >= 5 else { throw DERFormatError("TSTInfo: too few fields") }
        // RFC 3161 §2.4.2: version v1(1), policy OID, messageImprint, serialNumber, genTime, …
        guard try tstInfo[0].smallInteger("TSTInfo.version") == 1 else { throw DERFormatError("TSTInfo.version is not 1") }
        _ = try tstInfo[1].objectIdentifier("TSTInfo.policy")
        guard tstInfo[3].identifier == .integer else { throw DERFormatError("TSTInfo.serialNumber: expected an INTEGER") }
        let messageImprint = try tstInfo[2].elements("MessageImprint")
        guard messageImprint.count == 2 else { throw DERFormatError("MessageImprint: malformed") }
        imprintAlgorithm = try TimeStampToken.digestAlgorithm(messageImprint[0], "MessageImprint.hashAlgorithm")
        imprint = Array(try messageImprint[1].octetString("MessageImprint.hashedMessage"))
        do {
            let time = try GeneralizedTime(derEncoded: tstInfo[4])
            let days = RFC3339.daysSinceEpoch(year: time.year, month: time.month, day: time.day)
            genTime = Date(timeIntervalSince1970: Double(days * 86_400 + time.hours * 3600 + time.minutes * 60 + time.seconds)
                + time.fractionalSeconds)
        } catch {
            throw DERFormatError("TSTInfo.genTime: not a GeneralizedTime")
        }
    }

    /// The optional SignedData fields between encapContentInfo and signerInfos: at most
    /// `[0] certificates` then `[1] crls`, in that order.
    private static func checkOptionalFields(_ fields: ArraySlice<ASN1Node>) throws(DERFormatError) {
        var next: UInt = 0
        for field in fields {
            guard field.identifier.tagClass == .contextSpecific, field.identifier.tagNumber >= next, field.identifier.tagNumber <= 1 else {
                throw DERFormatError("SignedData: unexpected field \(field.identifier) before signerInfos")
            }
            next = field.identifier.tagNumber + 1
        }
    }

    private static func objectIdentifier(of algorithm: DigestAlgorithm) -> ASN1ObjectIdentifier {
        switch algorithm {
        case .sha256: return [2, 16, 840, 1, 101, 3, 4, 2, 1]
        case .sha384: return [2, 16, 840, 1, 101, 3, 4, 2, 2]
        case .sha512: return [2, 16, 840, 1, 101, 3, 4, 2, 3]
        }
    }

    private static func digestAlgorithm(_ node: ASN1Node, _ what: String) throws(DERFormatError) -> DigestAlgorithm {
        let parts = try node.elements(what)
        guard let oid = parts.first else { throw DERFormatError("\(what): empty") }
        let identifier = try oid.objectIdentifier(what)
        guard let algorithm = [DigestAlgorithm.sha256, .sha384, .sha512].first(where: { objectIdentifier(of: $0) == identifier }) else {
            throw DERFormatError("\(what): unsupported digest algorithm \(identifier)")
        }
        return algorithm
    }

    static func stripLeadingZeros(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var result = Array(bytes.drop { $0 == 0 })
        if result.isEmpty { result = [0] }
        return result
    }

    /// The X.509 signature algorithm named by SignerInfo (with its digest algorithm for the
    /// bare key-type OIDs).
    var signatureAlgorithm: Certificate.SignatureAlgorithm? {
        switch signatureAlgorithmOID {
        case [1, 2, 840, 10045, 4, 3, 2]: return .ecdsaWithSHA256
        case [1, 2, 840, 10045, 4, 3, 3]: return .ecdsaWithSHA384
        case [1, 2, 840, 10045, 4, 3, 4]: return .ecdsaWithSHA512
        case [1, 2, 840, 113549, 1, 1, 11]: return .sha256WithRSAEncryption
        case [1, 2, 840, 113549, 1, 1, 12]: return .sha384WithRSAEncryption
        case [1, 2, 840, 113549, 1, 1, 13]: return .sha512WithRSAEncryption
        case [1, 3, 101, 112]: return .ed25519
        case [1, 2, 840, 10045, 2, 1]:
            switch digestAlgorithm {
            case .sha256: return .ecdsaWithSHA256
            case .sha384: return .ecdsaWithSHA384
            case .sha512: return .ecdsaWithSHA512
            }
        case [1, 2, 840, 113549, 1, 1, 1]:
            switch digestAlgorithm {
            case .sha256: return .sha256WithRSAEncryption
            case .sha384: return .sha384WithRSAEncryption
            case .sha512: return .sha512WithRSAEncryption
            }
        default: return nil
        }
    }

    /// Whether `certificate` is the one the signer identifier names.
    func isSigned(by certificate: Certificate) -> Bool {
        switch signer {
        case .issuerAndSerialNumber(let issuer, let serial):
            return issuer == certificate.issuer && serial == TimeStampToken.stripLeadingZeros(certificate.serialNumber.bytes)
        case .subjectKeyIdentifier(let identifier):
            guard let ski = try? certificate.extensions.subjectKeyIdentifier else { return false }
            return Array(ski.keyIdentifier) == identifier
        }
    }
}
