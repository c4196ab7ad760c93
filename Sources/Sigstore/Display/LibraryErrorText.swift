import Crypto
import SwiftASN1
import X509

/// Words for errors thrown by swift-asn1, swift-certificates and swift-crypto. Their own
/// descriptions carry source file names, line numbers and type dumps (`ASN1Error…
/// ASN1.swift:508`, `AlgorithmIdentifier(… ASN1Any([6, 8, 42, …]))`) that mean nothing to a
/// user; these say what is wrong in the terms of the object being read.
public enum LibraryErrorText {
    /// What is wrong, for `error` thrown while reading or using an object. `der`, when given,
    /// is the object's encoding (a certificate or a SubjectPublicKeyInfo): an unsupported
    /// algorithm is then named by its OID.
    public static func problem(_ error: any Error, der: [UInt8]? = nil) -> String {
        switch error {
        case let error as ASN1Error: return asn1Problem(error.code)
        case let error as CertificateError: return certificateProblem(error.code, der: der)
        case let error as CryptoKitError: return cryptoProblem(error)
        case let error as CryptoKitASN1Error: return cryptoASN1Problem(error)
        case let error as DERFormatError: return DisplayText.escaped(error.reason)
        default:
            // This project's errors describe themselves in words; an unknown type whose text
            // points into source code (`File.swift:12`) is not shown.
            let text = String(describing: error)
            guard !text.contains(".swift:") else { return "the operation failed" }
            return DisplayText.escaped(text)
        }
    }

    private static func asn1Problem(_ code: ASN1Error.ErrorCode) -> String {
        switch code {
        case .unexpectedFieldType: return "malformed DER: a field has an unexpected type"
        case .invalidASN1Object: return "malformed DER: an object is invalid or incomplete"
        case .invalidASN1IntegerEncoding: return "malformed DER: an INTEGER is not minimally encoded"
        case .truncatedASN1Field: return "malformed DER: a field is truncated"
        case .unsupportedFieldLength: return "malformed DER: a field length is too large or not in DER form"
        case .invalidPEMDocument: return "malformed PEM"
        case .invalidStringRepresentation: return "malformed DER: a string has characters its type does not allow"
        case .tooFewOIDComponents: return "malformed DER: an OBJECT IDENTIFIER has too few components"
        default: return "malformed DER"
        }
    }

    private static func certificateProblem(_ code: CertificateError.ErrorCode, der: [UInt8]?) -> String {
        switch code {
        case .unsupportedPublicKeyAlgorithm:
            return "unsupported public key algorithm" + (der.flatMap(publicKeyAlgorithm).map { " \($0)" } ?? "")
        case .unsupportedSignatureAlgorithm:
            return "unsupported signature algorithm" + (der.flatMap(signatureAlgorithm).map { " \($0)" } ?? "")
        case .invalidSignatureForCertificate: return "the signature does not match the certificate"
        case .incorrectOIDForExtension: return "an extension does not have the type its OID says"
        case .unsupportedDigestAlgorithm: return "unsupported digest algorithm"
        case .unsupportedPrivateKey: return "unsupported private key"
        case .incorrectOIDForAttribute: return "an attribute does not have the type its OID says"
        case .invalidCSRAttribute: return "invalid certificate request attribute"
        case .duplicateOID: return "an extension or attribute appears twice"
        case .failedToLoadSystemTrustStore: return "the system trust store could not be loaded"
        default: return "invalid certificate"
        }
    }

    private static func cryptoProblem(_ error: CryptoKitError) -> String {
        switch error {
        case .incorrectKeySize: return "the key has the wrong size"
        case .incorrectParameterSize: return "a parameter has the wrong size"
        case .authenticationFailure: return "authentication failed"
        case .underlyingCoreCryptoError(let code): return "the cryptographic library refused the input (code \(code))"
        case .wrapFailure: return "key wrapping failed"
        case .unwrapFailure: return "key unwrapping failed"
        case .invalidParameter: return "invalid parameter (not a valid key or point for this curve)"
        @unknown default: return "the cryptographic operation failed"
        }
    }

    private static func cryptoASN1Problem(_ error: CryptoKitASN1Error) -> String {
        switch error {
        case .invalidFieldIdentifier: return "malformed DER: invalid field identifier"
        case .unexpectedFieldType: return "malformed DER: a field has an unexpected type"
        case .invalidObjectIdentifier: return "malformed DER: invalid OBJECT IDENTIFIER"
        case .invalidASN1Object: return "malformed DER: an object is invalid or incomplete"
        case .invalidASN1IntegerEncoding: return "malformed DER: an INTEGER is not minimally encoded"
        case .truncatedASN1Field: return "malformed DER: a field is truncated"
        case .unsupportedFieldLength: return "malformed DER: a field length is too large or not in DER form"
        case .invalidPEMDocument: return "malformed PEM"
        default: return "malformed key encoding"
        }
    }

    /// The public key algorithm OID of a certificate or of a bare SubjectPublicKeyInfo.
    private static func publicKeyAlgorithm(_ der: [UInt8]) -> String? {
        guard let top = try? parseDER(der, "object"), let fields = try? top.children("object") else { return nil }
        // SubjectPublicKeyInfo: SEQUENCE { AlgorithmIdentifier, BIT STRING }.
        if fields.count == 2, fields[1].identifier == .bitString { return algorithmOID(fields[0]) }
        // Certificate: SEQUENCE { TBSCertificate, … }; the key info is TBS field 6 (7 with a version).
        guard let tbs = try? fields.first?.children("tbsCertificate") else { return nil }
        let index = tbs.first?.isContextTag(0) == true ? 6 : 5
        guard index < tbs.count, let keyInfo = try? tbs[index].children("subjectPublicKeyInfo"), let algorithm = keyInfo.first else {
            return nil
        }
        return algorithmOID(algorithm)
    }

    /// The outer signature algorithm OID of a certificate.
    private static func signatureAlgorithm(_ der: [UInt8]) -> String? {
        guard let top = try? parseDER(der, "certificate"), let fields = try? top.children("certificate"), fields.count == 3 else {
            return nil
        }
        return algorithmOID(fields[1])
    }

    private static func algorithmOID(_ node: ASN1Node) -> String? {
        guard let parts = try? node.children("algorithm"), let first = parts.first,
              let oid = try? first.objectIdentifier("algorithm") else { return nil }
        return oid.description
    }
}
