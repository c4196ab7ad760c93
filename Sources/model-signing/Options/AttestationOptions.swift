import ArgumentParser
import ModelSigning

/// What `attest` adds to a signing method's options: the card, and where the attestation goes.
struct AttestationOptions: ParsableArguments {
    @Option(name: [.customLong("model-card"), .customLong("model_card")],
            help: ArgumentHelp("The model card: Markdown with optional YAML front matter (Hugging Face README.md).", valueName: "README.md"))
    var modelCard: String

    @Option(name: .customLong("attestation"),
            help: ArgumentHelp("Where to write the attestation. Default: model.att.sig beside the model signature (--signature).", valueName: "file"))
    var attestation: String?

    @Option(name: .customLong("signature"),
            help: "The model signature this attestation accompanies; it and the attestation are left out of the hashing when inside the model.")
    var signature = "model.sig"

    var attestationPath: String { attestation ?? Attestation.defaultPath(besideSignature: signature) }
}
