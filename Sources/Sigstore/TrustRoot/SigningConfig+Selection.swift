import Foundation

extension SigningConfig {
    /// The services a signer uses, chosen by ``SigningConfig/select(rekorVersion:at:)``.
    public struct Selection: Sendable, Equatable {
        public var certificateAuthority: Service
        public var oidcProvider: Service?
        public var transparencyLogs: [Service]
        public var timestampAuthorities: [Service]
    }

    /// API versions this library speaks: Fulcio's signingCert (config version 1), OIDC 1,
    /// Rekor v1 and v2, and RFC 3161 timestamp authorities (version 1).
    public static let supportedCertificateAuthorityVersions = [1]
    public static let supportedOIDCVersions = [1]
    public static let supportedTransparencyLogVersions = [1, 2]
    public static let supportedTimestampAuthorityVersions = [1]

    /// Chooses services by the v0.2 rules.
    ///
    /// - Certificate authority and OIDC provider: one service, the highest supported
    ///   `majorApiVersion` among those valid at `time`, the newest `validFor.start` first.
    /// - Transparency logs and timestamp authorities: the services valid at `time` with the
    ///   highest supported version, at most one per operator (the newest start), then the
    ///   selector (`ANY`: one, `EXACT`: `count`, `ALL`: every one).
    ///
    /// - Parameters:
    ///   - time: the time the services must be valid at.
    ///   - rekorVersion: when given, only logs of this major version are candidates
    ///     (sigstore-python's `--rekor-version`).
    /// - Throws: ``SigstoreVerificationError`` (trust material) naming the list that has no
    ///   usable service or too few for `EXACT`.
    public func select(rekorVersion: Int? = nil, at time: Date = Date()) throws(SigstoreVerificationError) -> Selection {
        guard let certificateAuthority = SigningConfig.single(certificateAuthorities, versions: SigningConfig.supportedCertificateAuthorityVersions, at: time) else {
            throw SigstoreVerificationError(.trustMaterial, "signing config: no certificate authority (caUrls) with a supported API version \(SigningConfig.supportedCertificateAuthorityVersions) is valid at \(RFC3339.string(time))")
        }
        let oidc = SigningConfig.single(oidcProviders, versions: SigningConfig.supportedOIDCVersions, at: time)
        let logVersions = rekorVersion.map { [$0] } ?? SigningConfig.supportedTransparencyLogVersions
        guard logVersions.allSatisfy(SigningConfig.supportedTransparencyLogVersions.contains) else {
            throw SigstoreVerificationError(.trustMaterial, "Rekor version \(rekorVersion ?? 0) is not supported (1 or 2)")
        }
        let logs = try SigningConfig.several(transparencyLogs, versions: logVersions, selector: transparencyLogSelector,
                                             at: time, what: "transparency log (rekorTlogUrls)")
        guard !logs.isEmpty else {
            let versionNote = rekorVersion.map { " of Rekor version \($0)" } ?? ""
            throw SigstoreVerificationError(.trustMaterial, "signing config: no transparency log (rekorTlogUrls)\(versionNote) is valid at \(RFC3339.string(time))")
        }
        let timestampAuthorities = try SigningConfig.several(
            timestampAuthorities, versions: SigningConfig.supportedTimestampAuthorityVersions,
            selector: timestampAuthoritySelector, at: time, what: "timestamp authority (tsaUrls)")
        return Selection(certificateAuthority: certificateAuthority, oidcProvider: oidc, transparencyLogs: logs,
                         timestampAuthorities: timestampAuthorities)
    }

    /// The valid services of the highest supported version, newest start first.
    private static func candidates(_ services: [Service], versions: [Int], at time: Date) -> [Service] {
        let valid = services.filter { versions.contains($0.majorAPIVersion) && $0.validity.contains(time) }
        guard let highest = valid.map(\.majorAPIVersion).max() else { return [] }
        return valid.filter { $0.majorAPIVersion == highest }
            .sorted { ($0.validity.start ?? .distantPast) > ($1.validity.start ?? .distantPast) }
    }

    private static func single(_ services: [Service], versions: [Int], at time: Date) -> Service? {
        candidates(services, versions: versions, at: time).first
    }

    private static func several(_ services: [Service], versions: [Int], selector: Selector, at time: Date,
                                what: String) throws(SigstoreVerificationError) -> [Service] {
        var operators = Set<[UInt8]>()
        let onePerOperator = candidates(services, versions: versions, at: time).filter { operators.insert(Array($0.operator.utf8)).inserted }
        switch selector {
        case .all:
            return onePerOperator
        case .any:
            return Array(onePerOperator.prefix(1))
        case .exact(let count):
            guard onePerOperator.count >= count else {
                throw SigstoreVerificationError(.trustMaterial, "signing config: EXACT selector asks for \(count) \(what) services, only \(onePerOperator.count) (one per operator) are valid now")
            }
            return Array(onePerOperator.prefix(count))
        }
    }
}
