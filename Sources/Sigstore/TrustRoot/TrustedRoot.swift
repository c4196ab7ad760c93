import Foundation
import X509

/// The trust material Sigstore verification starts from (`TrustedRoot` in
/// sigstore_trustroot.proto): transparency logs, Fulcio certificate authorities, CT logs and
/// timestamp authorities.
///
/// The public-good production and staging roots ship with this library
/// (``production()``, ``staging()``); private instances load theirs with ``init(json:)`` or
/// through a ``ClientTrustConfig``.
public struct TrustedRoot: Sendable, Equatable {
    /// Media types accepted for a trusted root.
    public static let acceptedMediaTypes: Set<String> = [
        "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
        "application/vnd.dev.sigstore.trustedroot.v0.1+json",
        "application/vnd.dev.sigstore.trustedroot.v0.2+json",
    ]

    public var mediaType: String
    /// Rekor logs.
    public var transparencyLogs: [TransparencyLogInstance]
    /// Fulcio certificate authorities.
    public var certificateAuthorities: [CertificateAuthority]
    /// Certificate-transparency logs (for the SCTs embedded in Fulcio certificates).
    public var certificateTransparencyLogs: [TransparencyLogInstance]
    /// RFC 3161 timestamp authorities.
    public var timestampAuthorities: [CertificateAuthority]

    public init(mediaType: String = "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
                transparencyLogs: [TransparencyLogInstance], certificateAuthorities: [CertificateAuthority],
                certificateTransparencyLogs: [TransparencyLogInstance], timestampAuthorities: [CertificateAuthority]) {
        self.mediaType = mediaType
        self.transparencyLogs = transparencyLogs
        self.certificateAuthorities = certificateAuthorities
        self.certificateTransparencyLogs = certificateTransparencyLogs
        self.timestampAuthorities = timestampAuthorities
    }

    /// Reads a trusted root from its JSON.
    ///
    /// - Throws: ``SigstoreVerificationError`` (check ``SigstoreVerificationError/Check/trustMaterial``)
    ///   naming the field at fault: unknown media type, a log key without `validFor.start`, a
    ///   certificate authority without certificates, and so on.
    public init<Bytes: Collection<UInt8>>(json: Bytes) throws(SigstoreVerificationError) {
        let reader: JSONReader
        do {
            reader = try JSONReader(document: json)
        } catch {
            throw SigstoreVerificationError(.trustMaterial, "trusted root: \(error.reason)")
        }
        try self.init(reader)
    }

    /// Reads a trusted root from a file.
    public init(contentsOf url: URL) throws(SigstoreVerificationError) {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw SigstoreVerificationError(.trustMaterial, "cannot read the trusted root \(url.path): \(error.localizedDescription)")
        }
        try self.init(json: Array(data))
    }

    package init(_ reader: JSONReader) throws(SigstoreVerificationError) {
        let mediaType: String
        do {
            mediaType = try reader.string("mediaType")
        } catch {
            throw SigstoreVerificationError(.trustMaterial, "trusted root: \(error.field): \(error.reason)")
        }
        guard TrustedRoot.acceptedMediaTypes.contains(mediaType) else {
            throw SigstoreVerificationError(.trustMaterial, "trusted root: unsupported media type \(DisplayText.quoted(mediaType))")
        }
        func list<T>(_ name: String, _ make: (JSONReader) throws(SigstoreVerificationError) -> T) throws(SigstoreVerificationError) -> [T] {
            let readers: [JSONReader]
            do {
                readers = try reader.objects(name)
            } catch {
                throw SigstoreVerificationError(.trustMaterial, "trusted root: \(error.field): \(error.reason)")
            }
            var result: [T] = []
            for entry in readers { result.append(try make(entry)) }
            return result
        }
        self.init(mediaType: mediaType,
                  transparencyLogs: try list("tlogs") { reader throws(SigstoreVerificationError) in try TransparencyLogInstance(reader) },
                  certificateAuthorities: try list("certificateAuthorities") { reader throws(SigstoreVerificationError) in try CertificateAuthority(reader) },
                  certificateTransparencyLogs: try list("ctlogs") { reader throws(SigstoreVerificationError) in try TransparencyLogInstance(reader) },
                  timestampAuthorities: try list("timestampAuthorities") { reader throws(SigstoreVerificationError) in try CertificateAuthority(reader) })
    }

    /// The Rekor log whose ID is `logID`, if any.
    public func transparencyLog(id logID: [UInt8]) -> TransparencyLogInstance? {
        transparencyLogs.first { $0.logID == logID }
    }
}
