import ArgumentParser

struct SignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign a model.",
        discussion: "`sign MODEL` means `sign sigstore MODEL` (keyless), as with the reference CLI.",
        subcommands: [SignSigstoreCommand.self, SignKeyCommand.self, SignCertificateCommand.self, SignPKCS11KeyCommand.self,
                      SignPKCS11CertificateCommand.self, SignExternalCommand.self],
        defaultSubcommand: SignSigstoreCommand.self
    )
}
