import ArgumentParser
import ModelSigning
import Sigstore

/// `model-signing verify certificate`: verify a model signed with an X.509 certificate.
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

    @OptionGroup var certificate: CertificateVerificationOptions

    func validate() throws {
        try certificate.validate(with: timestamps)
    }

    func run() async throws {
        let reporter = CommandReporter(operation: "Verification", json: selection.json)
        do {
            let authorities = try timestamps.authorities()
            let verifier = try certificate.verifier(timestampAuthorities: authorities)
            try await VerifyRunner.verify(selection: selection, verification: verification, verifier: verifier,
                                          reporter: reporter, attestation: attestation, requireTimestamp: !authorities.isEmpty)
        } catch {
            throw ExitCode(reporter.fail(error))
        }
    }
}
