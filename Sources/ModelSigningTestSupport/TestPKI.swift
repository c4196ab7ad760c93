import Crypto
import _CryptoExtras
import Foundation
import ModelSigning
import SwiftASN1
import X509

/// Throwaway certificate authorities and signing certificates for tests, made at test time with
/// real cryptography (swift-certificates signs every certificate).
///
/// ```swift
/// let root = try TestPKI.authority(commonName: "Test Root", key: .rsa(bits: 2048))
/// let intermediate = try TestPKI.authority(commonName: "Test Intermediate", key: .ec(.p384), issuer: root)
/// let leaf = try TestPKI.leaf(commonName: "Model Builder", curve: .p256, issuer: intermediate,
///                             identities: [.rfc822Name("builder@example.com")])
/// try leaf.privateKeyPEM.write(...)
/// ```
public enum TestPKI {
    /// The key algorithm of a certificate authority.
    public enum KeyKind: Sendable {
        case rsa(bits: Int)
        case ec(ECCurve)
    }

    /// A certificate with its private key.
    public struct Issued: Sendable {
        public let certificate: Certificate
        public let privateKey: Certificate.PrivateKey
        /// The private key as PKCS#8 PEM.
        public let privateKeyPEM: String

        /// The certificate as PEM.
        public var certificatePEM: String {
            get throws { try certificate.serializeAsPEM().pemString + "\n" }
        }
    }

    /// The default validity: from a day ago to a year from now.
    public static var currentValidity: ClosedRange<Date> {
        let now = Date()
        return now.addingTimeInterval(-86_400)...now.addingTimeInterval(365 * 86_400)
    }

    /// A CA certificate: self-signed root when `issuer` is nil, otherwise an intermediate.
    /// BasicConstraints CA:TRUE (critical) and KeyUsage keyCertSign, cRLSign (critical).
    public static func authority(commonName: String, key kind: KeyKind = .rsa(bits: 2048), issuer: Issued? = nil,
                                 validity: ClosedRange<Date>? = nil, keyUsage: KeyUsage? = KeyUsage(keyCertSign: true, cRLSign: true)) throws -> Issued {
        let (privateKey, pem) = try makeKey(kind)
        let name = try DistinguishedName { OrganizationName("model-signing tests"); CommonName(commonName) }
        let extensions = try Certificate.Extensions {
            Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
            if let keyUsage { Critical(keyUsage) }
            SubjectKeyIdentifier(hash: privateKey.publicKey)
        }
        let validity = validity ?? currentValidity
        let certificate = try Certificate(
            version: .v3, serialNumber: serialNumber(), publicKey: privateKey.publicKey,
            notValidBefore: validity.lowerBound, notValidAfter: validity.upperBound,
            issuer: issuer?.certificate.subject ?? name, subject: name,
            signatureAlgorithm: signatureAlgorithm(for: issuer?.privateKey ?? privateKey),
            extensions: extensions, issuerPrivateKey: issuer?.privateKey ?? privateKey)
        return Issued(certificate: certificate, privateKey: privateKey, privateKeyPEM: pem)
    }

    /// A signing certificate for an EC key on `curve`.
    ///
    /// - Parameters:
    ///   - keyUsage: the KeyUsage extension (digitalSignature by default; nil leaves it out).
    ///   - extendedKeyUsage: the ExtendedKeyUsage purposes (codeSigning by default; empty leaves it out).
    ///   - identities: subject alternative names.
    ///   - isCA: mark the leaf CA:TRUE, like the reference's historical test certificate.
    ///   - publicKey: certify this key instead of the generated one (for key mismatch tests).
    public static func leaf(commonName: String, curve: ECCurve = .p256, issuer: Issued, validity: ClosedRange<Date>? = nil,
                            keyUsage: KeyUsage? = KeyUsage(digitalSignature: true),
                            extendedKeyUsage: [ExtendedKeyUsage.Usage] = [.codeSigning],
                            identities: [GeneralName] = [], isCA: Bool = false,
                            publicKey: Certificate.PublicKey? = nil) throws -> Issued {
        let (privateKey, pem) = try makeKey(.ec(curve))
        let name = try DistinguishedName { OrganizationName("model-signing tests"); CommonName(commonName) }
        let extensions = try Certificate.Extensions {
            Critical(isCA ? BasicConstraints.isCertificateAuthority(maxPathLength: nil) : BasicConstraints.notCertificateAuthority)
            if let keyUsage { Critical(keyUsage) }
            if !extendedKeyUsage.isEmpty { try ExtendedKeyUsage(extendedKeyUsage) }
            if !identities.isEmpty { SubjectAlternativeNames(identities) }
            try AuthorityKeyIdentifier(keyIdentifier: issuer.certificate.extensions.subjectKeyIdentifier?.keyIdentifier)
        }
        let validity = validity ?? currentValidity
        let certificate = try Certificate(
            version: .v3, serialNumber: serialNumber(), publicKey: publicKey ?? privateKey.publicKey,
            notValidBefore: validity.lowerBound, notValidAfter: validity.upperBound,
            issuer: issuer.certificate.subject, subject: name,
            signatureAlgorithm: signatureAlgorithm(for: issuer.privateKey),
            extensions: extensions, issuerPrivateKey: issuer.privateKey)
        return Issued(certificate: certificate, privateKey: privateKey, privateKeyPEM: pem)
    }

    /// A root, an intermediate and a leaf, as PEM files in `directory`: `root.pem`,
    /// `intermediate.pem`, `leaf.pem`, `leaf-key.pem`.
    public struct Files: Sendable {
        public let root: String
        public let intermediate: String
        public let leaf: String
        public let leafKey: String
    }

    /// Writes `root`, `intermediate` and `leaf` (with its key) into `directory` under `prefix`.
    public static func write(root: Issued, intermediate: Issued, leaf: Issued, into directory: TemporaryDirectory,
                             prefix: String = "") throws -> Files {
        Files(root: try directory.write(prefix + "root.pem", root.certificatePEM).path,
              intermediate: try directory.write(prefix + "intermediate.pem", intermediate.certificatePEM).path,
              leaf: try directory.write(prefix + "leaf.pem", leaf.certificatePEM).path,
              leafKey: try directory.write(prefix + "leaf-key.pem", leaf.privateKeyPEM).path)
    }

    static func makeKey(_ kind: KeyKind) throws -> (Certificate.PrivateKey, String) {
        switch kind {
        case .rsa(let bits):
            let key = try _RSA.Signing.PrivateKey(keySize: .init(bitCount: bits))
            return (Certificate.PrivateKey(key), key.pemRepresentation + "\n")
        case .ec(.p256):
            let key = P256.Signing.PrivateKey()
            return (Certificate.PrivateKey(key), key.pemRepresentation + "\n")
        case .ec(.p384):
            let key = P384.Signing.PrivateKey()
            return (Certificate.PrivateKey(key), key.pemRepresentation + "\n")
        case .ec(.p521):
            let key = P521.Signing.PrivateKey()
            return (Certificate.PrivateKey(key), key.pemRepresentation + "\n")
        }
    }

    static func signatureAlgorithm(for key: Certificate.PrivateKey) -> Certificate.SignatureAlgorithm {
        switch key.publicKey.keyAlgorithmName {
        case "P384": return .ecdsaWithSHA384
        case "P521": return .ecdsaWithSHA512
        case "P256": return .ecdsaWithSHA256
        default: return .sha256WithRSAEncryption
        }
    }

    /// A positive serial number of at most 8 bytes (strict parsers reject long or negative ones).
    static func serialNumber() -> Certificate.SerialNumber {
        Certificate.SerialNumber(UInt64.random(in: 1...(UInt64.max >> 1)))
    }
}

extension Certificate.PublicKey {
    /// `P256`, `P384`, `P521` or `RSA`, from the SubjectPublicKeyInfo.
    fileprivate var keyAlgorithmName: String {
        if P256.Signing.PublicKey(self) != nil { return "P256" }
        if P384.Signing.PublicKey(self) != nil { return "P384" }
        if P521.Signing.PublicKey(self) != nil { return "P521" }
        return "RSA"
    }
}
