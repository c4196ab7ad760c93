import ArgumentParser
import Foundation
import ModelSigning
import Sigstore

struct VerifyCertificateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certificate",
        abstract: "Verify a model signed with an X.509 certificate.",
        discussion: """
            The signing certificate in the signature must chain, through the other \
            certificates in the signature, to a CA certificate given with --certificate-chain \
            (a file may hold several; the option is repeatable). Without it the system CA \
            bundle is trusted, as the reference does, with a warning. The signing certificate \
            needs KeyUsage digitalSignature or ExtendedKeyUsage codeSigning, and every \
            certificate must be valid now (or at --validation-time).

            The signing certificate's key may be ECDSA (P-256, P-384, P-521) or RSA (at least \
            2048 bits, PKCS #1 v1.5 over SHA-256).

            With --tsa-certificate-chain (or the timestampAuthorities of --trusted-root or \
            --trust-config), the signature's RFC 3161 timestamps must verify \
            against the timestamp authorities given, and validity is checked at each \
            timestamp's time instead: a certificate that has since expired still verifies when \
            a trusted timestamp proves the signature was made inside its validity.

            Any certificate from a trusted CA is accepted unless --certificate-identity or \
            --certificate-subject name the expected signer; use them whenever the CA issues \
            certificates to others too.
            """
    )

    @OptionGroup var selection: ModelSelectionOptions
    @OptionGroup var verification: VerificationOptions
    @OptionGroup var attestation: AttestationVerificationOptions
    @OptionGroup var timestamps: TimestampVerificationOptions

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

    func validate() throws {
        if validationTime != nil, timestamps.isGiven {
            throw ValidationError("--validation-time and --tsa-certificate-chain (or --trusted-root, --trust-config) cannot be combined: the verified timestamps give the validation time")
        }
    }

    func run() async throws {
        let reporter = CommandReporter(operation: "Verification", json: selection.json)
        do {
            let time = try validationTime.map(VerifyCertificateCommand.parseTime)
            let identity = CertificateIdentityConstraints(identities: certificateIdentity, subject: certificateSubject)
            let log: (@Sendable (String) -> Void)? = logFingerprints ? { @Sendable line in StandardError.write(DisplayText.message(line) + "\n") } : nil
            let authorities = try timestamps.authorities()
            var verifier = CertificateVerifier(trustAnchors: [], identity: identity, validationTime: time, fingerprintLog: log,
                                               timestampAuthorities: authorities)
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
            try await VerifyRunner.verify(selection: selection, verification: verification, verifier: verifier,
                                          reporter: reporter, attestation: attestation, requireTimestamp: !authorities.isEmpty)
        } catch {
            throw ExitCode(reporter.fail(error))
        }
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
