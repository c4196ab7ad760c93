/// Who must have signed: the expected certificate identity (a SubjectAltName value) and OIDC
/// issuer. Matching is exact unless a regular expression is asked for explicitly.
public struct IdentityPolicy: Sendable, Equatable, CustomStringConvertible {
    /// How a value is compared.
    public enum Matcher: Sendable, Equatable, CustomStringConvertible {
        /// The value must equal this string exactly (the default).
        case exact(String)
        /// The whole value must match this regular expression (Swift `Regex` syntax).
        case regularExpression(String)

        public var description: String {
            switch self {
            case .exact(let value): return "\(DisplayText.quoted(value))"
            case .regularExpression(let pattern): return "/\(pattern)/"
            }
        }

        func matches(_ value: String) throws(SigstoreVerificationError) -> Bool {
            switch self {
            case .exact(let expected):
                return value.utf8.elementsEqual(expected.utf8)
            case .regularExpression(let pattern):
                let regex: Regex<AnyRegexOutput>
                do {
                    regex = try Regex(pattern)
                } catch {
                    throw SigstoreVerificationError(.identity, "invalid regular expression /\(pattern)/: \(error)")
                }
                return (try? regex.wholeMatch(in: value)) != nil
            }
        }
    }

    public var identity: Matcher
    public var issuer: Matcher

    /// Exact identity and issuer.
    public init(identity: String, issuer: String) {
        self.init(identity: .exact(identity), issuer: .exact(issuer))
    }

    public init(identity: Matcher, issuer: Matcher) {
        self.identity = identity
        self.issuer = issuer
    }

    public var description: String { "identity \(identity) issued by \(issuer)" }

    /// Checks `certificateIdentity` against this policy.
    public func check(_ certificateIdentity: CertificateIdentity) throws(SigstoreVerificationError) {
        guard let actualIssuer = certificateIdentity.issuer else {
            throw SigstoreVerificationError(.identity, "the certificate has no OIDC issuer extension; expected \(issuer)")
        }
        guard try issuer.matches(actualIssuer) else {
            throw SigstoreVerificationError(.identity, "OIDC issuer \(DisplayText.quoted(actualIssuer)) does not match the expected \(issuer)")
        }
        for name in certificateIdentity.subjectAlternativeNames where try identity.matches(name) {
            return
        }
        let actual = certificateIdentity.subjectAlternativeNames.map { DisplayText.quoted($0) }.joined(separator: ", ")
        throw SigstoreVerificationError(
            .identity, "no SubjectAltName matches the expected \(identity) (the certificate has \(actual.isEmpty ? "none" : actual))")
    }
}
