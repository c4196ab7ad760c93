import ArgumentParser

struct SignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign a model.",
        subcommands: [SignKeyCommand.self, SignCertificateCommand.self, SignPKCS11KeyCommand.self,
                      SignPKCS11CertificateCommand.self, SignExternalCommand.self]
    )
}
