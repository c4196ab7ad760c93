import ModelHashing

extension ModelSigner {
    /// This signer with the files at `paths` (the signature, the model-card attestation) left
    /// out of the hashing and recorded in the signature's `ignore_paths` when they lie inside
    /// the model at `modelPath`, so that writing them never changes what is signed and every
    /// verifier, the reference's included, skips them.
    public func excluding(filesAt paths: [String], inModelAt modelPath: String) -> ModelSigner {
        guard let root = ModelTreeWalker.realPath(modelPath) else { return self }
        var configured = self
        for path in paths {
            if let inside = SignatureFile.pathInsideModel(signaturePath: path, modelRoot: root),
               !configured.hasher.serialization.ignorePaths.contains(inside) {
                configured.hasher.serialization.ignorePaths.append(inside)
            }
        }
        return configured
    }

    /// The files written beside a model signature that signing leaves out: the signature and the
    /// default model-card attestation next to it.
    static func companionFiles(ofSignature signaturePath: String) -> [String] {
        [signaturePath, Attestation.defaultPath(besideSignature: signaturePath)]
    }
}
