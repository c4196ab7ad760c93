import ArgumentParser
import ModelSigning

struct AttestPKCS11KeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pkcs11-key",
        abstract: "Attest a model card with an EC key held on a PKCS #11 token (HSM, smart card, SoftHSM).",
        discussion: """
            The key is named by an RFC 7512 URI as for `sign pkcs11-key`. Verify with \
            `verify key … --attestation FILE` and the token's public key.
            """
    )

    @OptionGroup var selection: ModelSelectionOptions
    @OptionGroup var hashing: ModelHashingOptions
    @OptionGroup var attestation: AttestationOptions

    @OptionGroup var token: PKCS11KeyOptions

    func run() async throws {
        let reporter = CommandReporter(operation: "Attestation", json: selection.json)
        do {
            let signer = KeySigner(provider: try await token.provider())
            try await AttestRunner.attest(selection: selection, hashing: hashing, attestation: attestation,
                                          signer: signer, reporter: reporter)
        } catch {
            throw ExitCode(reporter.fail(error))
        }
    }
}
