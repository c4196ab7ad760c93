import ArgumentParser
import Foundation
import ModelSigning
import Sigstore

/// The trusted CAs and expected signer of `verify certificate` and `read certificate`:
/// `--certificate-chain` (also `--certificate_chain`), `--certificate-identity`,
/// `--certificate-subject`, `--validation-time`, `--log-fingerprints` (also `--log_fingerprints`).
struct CertificateVerificationOptions: ParsableArguments {
    @Option(name: [.customLong("certificate-chain"), .customLong("certificate_chain")], parsing: .singleValue,
            help: "PEM file of trusted CA certificates (may hold several). Repeatable. Default: the system CA bundle.")
    var certificateChain: [String] = []

    @Option(name: .customLong("certificate-identity"), parsing: .singleValue,
            help: "Require this email, URI or DNS name in the signing certificate's subject alternative names. Repeatable (any one matches).")
    var certificateIdentity: [String] = []

    @Option(name: .customLong("certificate-subject"),
            help: "Require this subject DN (e.g. \"CN=Builder,O=Example\"), or this common name when it has no '='.")
    var certificateSubject: String?

    @Option(name: .customLong("validation-time"),
            help: "Check certificate validity at this time (ISO 8601, e.g. 2026-01-31T12:00:00Z or 2026-01-31) instead of now.")
    var validationTime: String?

    @Flag(name: [.customLong("log-fingerprints"), .customLong("log_fingerprints")],
          help: "Print the SHA-256 fingerprints of the trusted and the signature's certificates on stderr.")
    var logFingerprints = false

    /// `--validation-time` cannot be combined with trusted timestamp authorities: the verified
    /// timestamps give the validation time.
    func validate(with timestamps: TimestampVerificationOptions) throws {
        if validationTime != nil, timestamps.isGiven {
            throw ValidationError("--validation-time and --tsa-certificate-chain (or --trusted-root, --trust-config) cannot be combined: the verified timestamps give the validation time")
        }
    }

    /// The verifier these options describe. Without `--certificate-chain` the system CA bundle
    /// is trusted, as the reference does, with a warning on stderr.
    func verifier(timestampAuthorities: [CertificateAuthority] = []) throws -> CertificateVerifier {
        let time = try validationTime.map(CertificateVerificationOptions.parseTime)
        let identity = CertificateIdentityConstraints(identities: certificateIdentity, subject: certificateSubject)
        let log: (@Sendable (String) -> Void)? = logFingerprints ? { @Sendable line in StandardError.write(DisplayText.message(line) + "\n") } : nil
        var verifier = CertificateVerifier(trustAnchors: [], identity: identity, validationTime: time, fingerprintLog: log,
                                           timestampAuthorities: timestampAuthorities)
        if certificateChain.isEmpty {
            let system = try SystemTrustStore.load()
            var warning = "Warning: no --certificate-chain given; trusting the \(system.certificates.count) CA certificates of the system bundle \(system.path)."
            if identity.isEmpty {
                warning += " Any certificate any of them issued will be accepted; name the signer with --certificate-identity or --certificate-subject."
            }
            StandardError.write(warning + "\n")
            verifier.trustAnchors = system.certificates
        } else {
            verifier.trustAnchors = try CertificateLoader.certificates(contentsOf: certificateChain)
        }
        return verifier
    }

    /// `2026-01-31T12:00:00Z`, with fractional seconds or an offset, or a bare date (midnight UTC).
    static func parseTime(_ text: String) throws -> Date {
        let withTime = Date.ISO8601FormatStyle()
        if let date = try? withTime.parse(text) { return date }
        if let date = try? withTime.year().month().day().parse(text) { return date }
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        throw ValidationError("--validation-time \(DisplayText.quoted(text)) is not an ISO 8601 time such as 2026-01-31T12:00:00Z or 2026-01-31")
    }
}
