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

        // Selection by position in `signedPaths`: a model has hundreds of thousands of files,
        // and hashing every name to look it up costs more than the rest of `--only`.
        var selected = [Bool](repeating: false, count: signedPaths.count)
        var unknown: [String] = []
        for request in only {
            var matched = false
            if singleFile {
                if request == .singleFile || request == signedPaths[0] {
                    for index in selected.indices { selected[index] = true }
                    matched = true
                }
            } else {
                for (index, signed) in signedPaths.enumerated() where signed.isWithin(request) {
                    selected[index] = true
                    matched = true
                }
            }
            if !matched { unknown.append(request.string) }
        }
        guard unknown.isEmpty else {
            throw .invalidRequest("not in the signature, so cannot be verified: " + unknown.joined(separator: ", "))
        }

        let chosen = signedPaths.indices.filter { selected[$0] }.map { signedPaths[$0] }
        let actual = try await hash(modelAt: path, like: expected, only: singleFile ? [.singleFile] : chosen,
                                    progress: progress)
        let subset = Manifest(modelName: expected.modelName, serialization: expected.serialization,
                              resources: ModelVerifier.resources(of: expected, in: signedPaths, selected: selected),
                              sorted: false)
        let mismatch = ModelVerifier.compare(expected: subset, actual: actual, tolerateExtra: false)
        guard mismatch.isEmpty else { throw .modelMismatch(mismatch) }
        return VerificationResult(signedManifest: expected, verified: verified,
                                  uncheckedFiles: signedPaths.indices.filter { !selected[$0] }.map { signedPaths[$0] })
    }

    /// The resources of `manifest` whose file is selected; `paths` is `manifest.filePaths`
    /// and `selected` marks its entries. While each file's resources are listed together (as
    /// signers write them), a resource's file is the current or the next path, so no name is
    /// hashed; other lists are looked up by name.
    static func resources(of manifest: Manifest, in paths: [ModelPath], selected: [Bool]) -> [Resource] {
        var chosen: [Resource] = []
        var current = -1
        for resource in manifest.resources {
            if current >= 0, resource.path == paths[current] {
                // Another resource (shard) of the current file.
            } else if current + 1 < paths.count, resource.path == paths[current + 1] {
                current += 1
            } else {
                let selectedPaths = Set(paths.indices.filter { selected[$0] }.map { paths[$0] })
                return manifest.resources.filter { selectedPaths.contains($0.path) }
            }
            if selected[current] { chosen.append(resource) }
        }
        return chosen
    }

    static func isRegularFile(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
    }
}

