import ArgumentParser
import ModelHashing
import ModelSigning

/// Incremental re-signing: reuse the digests of an earlier signature for unchanged files.
struct ResigningOptions: ParsableArguments {
    @Option(name: .customLong("reuse-from"),
            help: ArgumentHelp("An earlier signature of this model by the same signer. It is verified first; then only files changed since it was written (new, different size, modification or status-change time not older than it, or listed with --changed) are hashed, and the other files' signed digests are reused. Trusts that a file whose times predate the earlier signature is unchanged.",
                               valueName: "old.sig"))
    var reuseFrom: String?

    @Option(name: .customLong("changed"), parsing: .singleValue,
            help: ArgumentHelp("With --reuse-from: a file to hash again whatever its times say, named as in the signature (relative to the model). Repeatable.",
                               valueName: "path"))
    var changed: [String] = []

    func validate() throws {
        if !changed.isEmpty, reuseFrom == nil { throw ValidationError("--changed needs --reuse-from") }
        _ = try changedPaths()
    }

    func changedPaths() throws -> [ModelPath] {
        try changed.map { text in
            guard let path = ModelPath(text) else {
                throw ValidationError("--changed \(text): expected a path relative to the model, as recorded in the signature")
            }
            return path
        }
    }

    /// The reuse `--reuse-from` asks for, accepted only when the earlier signature verifies with
    /// this very key; nil without `--reuse-from`.
    func reuse(signer: KeySigner) throws -> SignatureReuse? {
        try reuseFrom.map { SignatureReuse(signatureAt: $0, signer: signer, changed: try changedPaths()) }
    }

    /// The reuse `--reuse-from` asks for, accepted only when the earlier signature was made with
    /// the key of this signing certificate; nil without `--reuse-from`.
    func reuse(signer: CertificateSigner) throws -> SignatureReuse? {
        try reuseFrom.map { SignatureReuse(signatureAt: $0, signer: signer, changed: try changedPaths()) }
    }
}
