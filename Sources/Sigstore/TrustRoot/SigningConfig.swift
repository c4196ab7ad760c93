import Foundation

/// A Sigstore signing configuration (`SigningConfig` v0.2): which certificate authority, OIDC
/// provider, transparency logs and timestamp authorities a signer uses.
///
/// ``select(rekorVersion:at:)`` applies the v0.2 selection rules; the public-good production
/// and staging configurations ship with the library (``bundled(_:)``).
public struct SigningConfig: Sendable, Equatable {
    public static let mediaType = "application/vnd.dev.sigstore.signingconfig.v0.2+json"

    /// One service endpoint (`Service` in sigstore_trustroot.proto).
    public struct Service: Sendable, Equatable {
        public var url: String
        public var majorAPIVersion: Int
        public var validity: ValidityPeriod
        public var `operator`: String

        public init(url: String, majorAPIVersion: Int, validity: ValidityPeriod, operator: String) {
            self.url = url
            self.majorAPIVersion = majorAPIVersion
            self.validity = validity
            self.operator = `operator`
        }
    }

    /// How many of the candidate logs or timestamp authorities to use (`ServiceConfiguration`).
    public enum Selector: Sendable, Equatable {
        /// Every candidate.
        case all
        /// Any one candidate.
        case any
        /// Exactly this many candidates (an error if fewer exist).
        case exact(Int)
    }

    public var certificateAuthorities: [Service]
    public var oidcProviders: [Service]
    public var transparencyLogs: [Service]
    public var timestampAuthorities: [Service]
    public var transparencyLogSelector: Selector
    public var timestampAuthoritySelector: Selector

    public init(certificateAuthorities: [Service], oidcProviders: [Service], transparencyLogs: [Service],
                timestampAuthorities: [Service], transparencyLogSelector: Selector = .any,
                timestampAuthoritySelector: Selector = .any) {
        self.certificateAuthorities = certificateAuthorities
        self.oidcProviders = oidcProviders
        self.transparencyLogs = transparencyLogs
        self.timestampAuthorities = timestampAuthorities
        self.transparencyLogSelector = transparencyLogSelector
        self.timestampAuthoritySelector = timestampAuthoritySelector
    }

    /// Reads a v0.2 signing configuration (camelCase or snake_case keys).
    public init<Bytes: Collection<UInt8>>(json: Bytes) throws(SigstoreVerificationError) {
        do {
            try self.init(try JSONReader(document: json, path: "signingConfig"))
        } catch {
            throw .readingTrustMaterial(error, context: "signing config: ")
        }
    }

    /// Reads a signing configuration file.
    public init(contentsOf url: URL) throws(SigstoreVerificationError) {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw SigstoreVerificationError(.trustMaterial, "cannot read the signing config \(url.path): \(error.localizedDescription)")
        }
        try self.init(json: Array(data))
    }

    package init(_ reader: JSONReader) throws {
        let mediaType = try reader.string("mediaType")
        guard mediaType == SigningConfig.mediaType else {
            throw reader.error("mediaType", "unsupported signing config media type \"\(mediaType)\"; only \(SigningConfig.mediaType) is supported")
        }
        func services(_ name: String) throws -> [Service] {
            var result: [Service] = []
            for entry in try reader.objects(name) {
                let version = try entry.int64("majorApiVersion")
                guard version > 0, version < 1000 else {
                    throw entry.error("majorApiVersion", "must be a positive version number, found \(version)")
                }
                result.append(Service(
                    url: try entry.string("url"), majorAPIVersion: Int(version),
                    validity: try ValidityPeriod(try entry.optionalObject("validFor"), field: entry.childPath("validFor"), requireStart: true),
                    operator: try entry.optionalString("operator") ?? ""))
            }
            return result
        }
        func selector(_ name: String) throws -> Selector {
            guard let config = try reader.optionalObject(name) else { return .any }
            let selector = try config.string("selector")
            switch selector {
            case "ALL": return .all
            case "ANY": return .any
            case "EXACT":
                let count = try config.int64("count")
                guard count > 0, count <= 100 else { throw config.error("count", "EXACT needs a count from 1 to 100, found \(count)") }
                return .exact(Int(count))
            default:
                throw config.error("selector", "unsupported selector \"\(selector)\" (ALL, ANY or EXACT)")
            }
        }
        self.init(certificateAuthorities: try services("caUrls"), oidcProviders: try services("oidcUrls"),
                  transparencyLogs: try services("rekorTlogUrls"), timestampAuthorities: try services("tsaUrls"),
                  transparencyLogSelector: try selector("rekorTlogConfig"),
                  timestampAuthoritySelector: try selector("tsaConfig"))
    }

    /// The bundled signing configuration of `instance`.
    public static func bundled(_ instance: TrustedRoot.Instance) throws(SigstoreVerificationError) -> SigningConfig {
        guard let url = Bundle.module.url(forResource: "signing_config.v0.2", withExtension: "json",
                                          subdirectory: "TrustRoots/\(instance.rawValue)") else {
            throw SigstoreVerificationError(.trustMaterial, "the bundled \(instance.rawValue) signing config is missing from the package resources")
        }
        return try SigningConfig(contentsOf: url)
    }
}

extension ClientTrustConfig {
    /// The parsed signing configuration, or an error when the trust config has none.
    public func signingConfig() throws(SigstoreVerificationError) -> SigningConfig {
        guard let signingConfigJSON else {
            throw SigstoreVerificationError(.trustMaterial, "the trust config has no signingConfig, which signing needs")
        }
        return try SigningConfig(json: signingConfigJSON)
    }
}
