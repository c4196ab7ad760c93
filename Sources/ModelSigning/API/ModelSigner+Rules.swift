import ModelHashing

extension ModelSigner {
    /// This signer with the rules every signature follows, whoever signs (CLI, library,
    /// re-signing), so that the same options always record the same serialization:
    ///
    /// - BLAKE3 with shards is refused: the reference hashes BLAKE3 by whole files only and
    ///   cannot verify BLAKE3 shard signatures.
    /// - With ``ModelHasher/ignoreGitPaths``, the git paths (`.git`, `.gitattributes`,
    ///   `.github`, `.gitignore`) are recorded in `ignore_paths`, as the reference records
    ///   them, so any verifier skips them whatever its own defaults.
    /// - A signature file inside the model, and the model-card attestation beside it, are
    ///   excluded and recorded in `ignore_paths` (``excluding(filesAt:inModelAt:)``).
    func applyingSignatureRules(modelAt path: String, signatureAt signaturePath: String?) throws(ModelSigningError) -> ModelSigner {
        var configured = self
        var serialization = configured.hasher.serialization
        if case .shards = serialization.method, serialization.hashAlgorithm == .blake3 {
            throw .invalidRequest("BLAKE3 cannot be used with shards: BLAKE3 hashes each file across all cores with its tree mode, and the reference cannot verify BLAKE3 shards")
        }
        var recorded: [ModelPath] = []
        if configured.hasher.ignoreGitPaths {
            recorded += TreeWalkOptions.gitPaths.sorted { $0.lexicographicallyPrecedes($1) }
                .compactMap { ModelPath(String(decoding: $0, as: UTF8.self)) }
        }
        for ignored in recorded where !serialization.ignorePaths.contains(ignored) {
            serialization.ignorePaths.append(ignored)
        }
        configured.hasher.serialization = serialization
        guard let signaturePath else { return configured }
        return configured.excluding(filesAt: ModelSigner.companionFiles(ofSignature: signaturePath), inModelAt: path)
    }
}
