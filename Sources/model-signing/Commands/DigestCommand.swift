import ArgumentParser
import ModelHashing
import ModelSigning
import Sigstore

struct DigestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest",
        abstract: "Print the model's root digest (what a signature's subject records) as sha256:<hex>."
    )

    @OptionGroup var selection: ModelSelectionOptions
    @OptionGroup var hashing: ModelHashingOptions

    func run() async throws {
        let reporter = CommandReporter(operation: "Digest", json: selection.json)
        do {
            let hasher = ModelHasher(serialization: try hashing.serialization(ignorePaths: selection.resolvedIgnorePaths()),
                                     ignoreGitPaths: selection.ignoreGitPaths, symlinkRoots: hashing.symlinkRoots,
                                     workers: selection.workers, readStrategy: selection.readStrategy)
            let progress = HashingProgress()
            let manifest = try await CommandReporter.withProgress(progress) {
                try await hasher.hash(modelAt: selection.modelPath, progress: progress)
            }
            let digest = "sha256:" + Hex.encode(manifest.rootDigest)
            if selection.json {
                reporter.succeed([("digest", .string(digest)), ("resources", .integer(manifest.resources.count))])
            } else {
                print(digest)
            }
        } catch {
            throw ExitCode(reporter.fail(error))
        }
    }
}

