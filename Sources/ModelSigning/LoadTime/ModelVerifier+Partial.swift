import ModelHashing
import ModelSigningPlatform

extension ModelVerifier {
    /// Checks just the signed files `only` selects: each entry names a signed file, or a
    /// directory whose signed files are all selected. Every shard of a selected file is
    /// compared, and the file's shards must be exactly the signed ones; unselected files are
    /// not read and are reported as unchecked.
    func verifyPartially(modelAt path: String, expected: Manifest, only: [ModelPath], verified: VerifiedPayload,
                         progress: HashingProgress?) async throws(ModelSigningError) -> VerificationResult {
        guard !only.isEmpty else { throw .invalidRequest("no files were given to verify") }
        let signedPaths = expected.filePaths
        let singleFile = ModelVerifier.singleFileNames(signedPaths, modelPath: path) == [.singleFile]
            || (signedPaths == [.singleFile] && ModelVerifier.isRegularFile(path))

        var selected = Set<ModelPath>()
        var unknown: [String] = []
        for request in only {
            let matches: [ModelPath]
            if singleFile {
                let names: Set<ModelPath> = [.singleFile, signedPaths[0]]
                matches = names.contains(request) ? signedPaths : []
            } else {
                matches = signedPaths.filter { $0.isWithin(request) }
            }
            if matches.isEmpty { unknown.append(request.string) }
            selected.formUnion(matches)
        }
        guard unknown.isEmpty else {
            throw .invalidRequest("not in the signature, so cannot be verified: " + unknown.joined(separator: ", "))
        }

        let chosen = signedPaths.filter(selected.contains)
        let actual = try await hash(modelAt: path, like: expected, only: singleFile ? [.singleFile] : chosen,
                                    progress: progress)
        let subset = Manifest(modelName: expected.modelName, serialization: expected.serialization,
                              resources: expected.resources.filter { selected.contains($0.path) }, sorted: false)
        let mismatch = ModelVerifier.compare(expected: subset, actual: actual, tolerateExtra: false)
        guard mismatch.isEmpty else { throw .modelMismatch(mismatch) }
        return VerificationResult(signedManifest: expected, verified: verified,
                                  uncheckedFiles: signedPaths.filter { !selected.contains($0) })
    }

    static func isRegularFile(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
    }
}

