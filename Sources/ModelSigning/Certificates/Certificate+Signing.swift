import Crypto
import Foundation
import Sigstore
import SwiftASN1
import X509

/// Checks and descriptions of X.509 certificates shared by the certificate signer and
/// verifier.
extension Certificate {
    /// The DER encoding (the original bytes for a parsed certificate).
    package var derBytes: [UInt8] {
        get throws(ModelSigningError) {
            do {
                var serializer = DER.Serializer()
                try serializer.serialize(self)
                return serializer.serializedBytes
            } catch {
                throw .certificate("cannot encode certificate \(subject): \(LibraryErrorText.problem(error))")
            }
        }
    }

    /// The SHA-256 fingerprint as colon-separated upper-case hex (`AB:CD:…`), as OpenSSL and
    /// the reference print it.
    package var sha256Fingerprint: String {
        guard let der = try? derBytes else { return "?" }
        return SHA256.hash(data: der).map { byte in
            let hex = String(byte, radix: 16, uppercase: true)
            return hex.count == 1 ? "0" + hex : hex
        }.joined(separator: ":")
    }

    /// A short description for messages: the subject, plus the first identity when there is
    /// one.
    package var summary: String {
        let subjectText = subject.description.isEmpty ? "(empty subject)" : subject.description
        if let identity = identities.first { return "\(subjectText) <\(identity)>" }
        return subjectText
    }

    /// The email addresses, URIs and DNS names of the subject alternative name extension, in
    /// the order the certificate lists them.
    package var identities: [String] {
        guard let names = try? extensions.subjectAlternativeNames else { return [] }
        return names.compactMap { name in
            switch name {
            case .rfc822Name(let value), .uniformResourceIdentifier(let value), .dnsName(let value): return value
            default: return nil
            }
        }
    }

    /// Throws unless `time` lies within the certificate's validity period.
    ///
    /// - Parameter role: how messages name the certificate ("the signing certificate").
    package func checkValidity(at time: Date, role: String) throws(ModelSigningError) {
        if time < notValidBefore {
            throw .certificate("\(role) \(summary) is not valid yet: its validity starts \(Certificate.format(notValidBefore)), the time checked is \(Certificate.format(time))")
        }
        if time > notValidAfter {
            throw .certificate("\(role) \(summary) expired \(Certificate.format(notValidAfter)), the time checked is \(Certificate.format(time))")
        }
    }

    /// Throws unless the certificate may sign: KeyUsage digitalSignature or ExtendedKeyUsage
    /// codeSigning, the rule the reference applies.
    package func checkSigningUsage() throws(ModelSigningError) {
        let keyUsage: KeyUsage?
        let extendedKeyUsage: ExtendedKeyUsage?
        do {
            keyUsage = try extensions.keyUsage
            extendedKeyUsage = try extensions.extendedKeyUsage
        } catch {
            throw .certificate("the signing certificate \(summary) has a malformed key usage extension: \(LibraryErrorText.problem(error))")
        }
        if keyUsage?.digitalSignature == true { return }
        if extendedKeyUsage?.contains(.codeSigning) == true { return }
        throw .certificate("the signing certificate \(summary) is not allowed to sign: it needs KeyUsage digitalSignature or ExtendedKeyUsage codeSigning")
    }

    /// The certificate's public key as an OMS signing key (EC P-256, P-384, P-521 or RSA).
    package func signingKey() throws(ModelSigningError) -> SignerPublicKey {
        let spki: [UInt8]
        do {
            var serializer = DER.Serializer()
            try serializer.serialize(publicKey)
            spki = serializer.serializedBytes
        } catch {
            throw .certificate("cannot encode the public key of \(summary): \(LibraryErrorText.problem(error))")
        }
        do {
            return try SignerPublicKey(subjectPublicKeyInfo: spki)
        } catch {
            if error.code == .key {
                throw .certificate("the signing certificate \(summary) cannot be used: \(error.reason)")
            }
            throw error
        }
    }

    /// `2035-04-30T23:36:28Z`.
    package static func format(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
