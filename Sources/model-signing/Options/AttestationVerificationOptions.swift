import ArgumentParser
import ModelSigning

/// `verify … --attestation`: also verify a model-card attestation against the verified model.
struct AttestationVerificationOptions: ParsableArguments {
    @Option(name: .customLong("attestation"),
            help: ArgumentHelp("A model-card attestation (attest …) to verify with the same trust options: it must be for this model and list its signed files. Its facts are printed.", valueName: "file"))
    var attestation: String?

    @Flag(name: .customLong("require-model-card"),
          help: "Fail unless a model-card attestation (--attestation, default model.att.sig beside the signature) verifies and carries model card facts.")
    var requireModelCard = false

    @Option(name: [.customLong("model-card"), .customLong("model_card")],
            help: ArgumentHelp("With --attestation: fail unless this card file is the one that was attested.", valueName: "README.md"))
    var modelCard: String?

    func validate() throws {
        if modelCard != nil, attestation == nil, !requireModelCard {
            throw ValidationError("--model-card needs --attestation (or --require-model-card)")
        }
    }

    /// The attestation to verify beside `signaturePath`, or nil when none was asked for.
    func attestationPath(besideSignature signaturePath: String) -> String? {
        attestation ?? (requireModelCard ? Attestation.defaultPath(besideSignature: signaturePath) : nil)
    }
}
