import ArgumentParser
import ModelSigning

struct SignPKCS11KeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pkcs11-key",
        abstract: "Sign a model with an EC or RSA key held on a PKCS #11 token (HSM, smart card, SoftHSM).",
        discussion: """
            The key is named by an RFC 7512 URI, for example \
            'pkcs11:token=ci;object=model-key?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-source=file:/run/pin'. \
            Path attributes: token, manufacturer, serial, model, slot-id (the token); object, id \
            (the key; exactly one private key must match); type=private. Query attributes: \
            module-path (required, or module-name), pin-value or pin-source. Without a PIN in \
            the URI it is asked on the terminal. EC keys sign with ECDSA, RSA keys (at least 2048 \
            bits) with PKCS #1 v1.5 over SHA-256, as the Go port. Verify with `verify key` and the \
            token's public key (the reference verifies EC keys only).
            """
    )

    @OptionGroup var selection: ModelSelectionOptions
    @OptionGroup var hashing: ModelHashingOptions
    @OptionGroup var oci: OCIManifestOptions
    @OptionGroup var timestamping: TimestampingOptions

    @OptionGroup var token: PKCS11KeyOptions

    @Option(name: .customLong("signature"), help: "Where to write the signature.")
    var signature = "model.sig"

    func run() async throws {
        let reporter = CommandReporter(operation: "Signing", json: selection.json)
        do {
            let signer = KeySigner(provider: try await token.provider(), timestampAuthorities: timestamping.authorities)
            try await SignRunner.sign(selection: selection, hashing: hashing, signer: signer,
                                      signaturePath: signature, reporter: reporter, ociManifest: oci.ociManifest)
        } catch {
            throw ExitCode(reporter.fail(error))
        }
    }
}
