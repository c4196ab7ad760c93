import ArgumentParser
import ModelHashing

/// Which files of the model are considered: ignore paths, git paths, worker count.
struct ModelSelectionOptions: ParsableArguments {
    @Argument(help: "Path to the model (a directory or a single file).")
    var modelPath: String

    @Option(name: [.customLong("ignore-paths"), .customLong("ignore_paths")], parsing: .singleValue,
            help: "A path to exclude (relative to the current directory, or absolute). Repeatable.")
    var ignorePaths: [String] = []

    @Flag(name: [.customLong("ignore-git-paths")], inversion: .prefixedNo,
          help: "Exclude .git, .gitattributes, .github and .gitignore at the top of the model.")
    var ignoreGitPaths = true

    @Option(name: .customLong("workers"), help: "Hashing threads (default: all cores). Never changes digests.")
    var workers: Int?

    @Option(name: .customLong("read-strategy"),
            help: "How BLAKE3 reads large files: auto, pread or mmap. Never changes digests.")
    var readStrategy: ReadStrategy = .automatic

    @Flag(name: .customLong("json"), help: "Print a machine-readable result on stdout.")
    var json = false

    func validate() throws {
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1") }
    }

    /// The ignore paths as paths inside the model (resolved like the reference: relative to the
    /// current directory or absolute; entries outside the model are dropped).
    func resolvedIgnorePaths() -> [ModelPath] {
        PathResolution.modelRelative(ignorePaths, modelPath: modelPath)
    }
}

extension ReadStrategy: ExpressibleByArgument {}
