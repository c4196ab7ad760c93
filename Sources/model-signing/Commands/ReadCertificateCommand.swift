import ArgumentParser

/// `model-signing read certificate`: a verified read of a model signed with an X.509 certificate.
struct ReadCertificateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certificate",
        abstract: "Read bytes of a model signed with an X.509 certificate, verified as verify certificate does."
    )

    @OptionGroup var read: ReadOptions
    @OptionGroup var timestamps: TimestampVerificationOptions
    @OptionGroup var certificate: CertificateVerificationOptions

    func validate() throws {
        try certificate.validate(with: timestamps)
    }

    func run() async throws {
        try await ReadRunner.read(read) {
            let authorities = try timestamps.authorities()
            return (try certificate.verifier(timestampAuthorities: authorities), !authorities.isEmpty)
        }
    }
}
