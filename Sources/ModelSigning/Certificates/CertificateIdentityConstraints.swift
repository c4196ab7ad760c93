import Sigstore
import X509

/// Who the signing certificate must name, beyond chaining to a trusted CA.
///
/// The reference accepts any certificate that chains to the trust anchors. With a public or
/// corporate CA that issues certificates to many parties, that says only that *someone* the CA
/// certified signed the model. These constraints pin the signer:
///
/// - ``identities``: the leaf's subject alternative name must contain one of these values as
///   an email address, URI or DNS name (exact match; DNS names compare case-insensitively).
/// - ``subject``: the leaf's subject distinguished name must equal this one, written as in
///   RFC 4514 (`CN=Model Builder,O=Example,C=US`) or in OpenSSL's order (`C=US, O=Example,
///   CN=Model Builder`); attribute names are case-insensitive and spaces around `,` and `=`
///   are ignored. A value without `=` is compared with the common name alone.
///
/// When both are set, both must hold. With neither set, every certificate is accepted.
public struct CertificateIdentityConstraints: Sendable, Equatable {
    /// Accepted identities (e-mail, URI or DNS subject alternative names); empty accepts any.
    public var identities: [String]
    /// The subject distinguished name required (for example `CN=builder`), or nil.
    public var subject: String?

    /// Constraints accepting any of `identities` (all when empty) and, when given, only `subject`.
    public init(identities: [String] = [], subject: String? = nil) {
        self.identities = identities
        self.subject = subject
    }

    /// Whether any constraint is set.
    public var isEmpty: Bool { identities.isEmpty && subject == nil }

    /// Throws ``ModelSigningError/certificate(_:)`` naming what the leaf holds when it does
    /// not meet the constraints.
    public func check(_ leaf: Certificate) throws(ModelSigningError) {
        if !identities.isEmpty {
            let names = (try? leaf.extensions.subjectAlternativeNames).map(Array.init) ?? []
            let matched = names.contains { name in
                switch name {
                case .rfc822Name(let value), .uniformResourceIdentifier(let value):
                    return identities.contains(value)
                case .dnsName(let value):
                    return identities.contains { $0.lowercased() == value.lowercased() }
                default:
                    return false
                }
            }
            guard matched else {
                let held = leaf.identities.isEmpty ? "none" : leaf.identities.joined(separator: ", ")
                throw .identityMismatch("the signing certificate \(leaf.subject) does not carry the expected identity \(identities.joined(separator: " or ")) (its email, URI and DNS names: \(held))")
            }
        }
        if let subject {
            guard CertificateIdentityConstraints.subject(leaf.subject, matches: subject) else {
                throw .identityMismatch("the signing certificate's subject is \(DisplayText.quoted(leaf.subject.description)), expected \(DisplayText.quoted(subject))")
            }
        }
    }

    /// Compares a distinguished name with the text a user wrote (see ``subject``).
    static func subject(_ name: DistinguishedName, matches expected: String) -> Bool {
        let wanted = components(of: expected)
        guard expected.contains("=") else {
            let commonNames = name.flatMap { $0 }.filter { $0.type == .RDNAttributeType.commonName }
            return commonNames.contains { attributeValue($0) == expected.trimmingSpaces }
        }
        let actual = components(of: name.description)
        return wanted == actual || wanted == actual.reversed()
    }

    /// `TYPE=value` pairs with the type upper-cased and spaces around separators removed.
    /// Escaped commas (`\,`) stay inside their value.
    static func components(of text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var escaped = false
        for character in text {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                current.append(character)
                escaped = true
            } else if character == "," {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current)
        return parts.map { part in
            guard let equals = part.firstIndex(of: "=") else { return part.trimmingSpaces }
            let type = String(part[..<equals]).trimmingSpaces.uppercased()
            let value = String(part[part.index(after: equals)...]).trimmingSpaces
            return type + "=" + value
        }
    }

    static func attributeValue(_ attribute: RelativeDistinguishedName.Attribute) -> String {
        let text = attribute.description
        guard let equals = text.firstIndex(of: "=") else { return text }
        return String(text[text.index(after: equals)...])
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var slice = Substring(self)
        while slice.first == " " { slice.removeFirst() }
        while slice.last == " " { slice.removeLast() }
        return String(slice)
    }
}
