import ArgumentParser

struct AttestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attest",
        abstract: "Sign a model's card (its metadata) as a CycloneDX ML-BOM bound to the model's digest.",
        discussion: """
            The card's YAML front matter (license, base_model, datasets, language, pipeline_tag, \
            tags, model-index) and body sections become a CycloneDX 1.6 ML-BOM listing every \
            signed file with its digest, carried in an in-toto statement whose subject is the \
            model's root digest (the one the model signature records) and signed as a Sigstore \
            bundle with a key, a certificate, a PKCS #11 token or keylessly with Sigstore. Use \
            the same hashing options as for sign. Verify it with verify … --attestation FILE.
            """,
        subcommands: [AttestKeyCommand.self, AttestCertificateCommand.self, AttestSigstoreCommand.self,
                      AttestPKCS11KeyCommand.self, AttestPKCS11CertificateCommand.self]
    )
}
