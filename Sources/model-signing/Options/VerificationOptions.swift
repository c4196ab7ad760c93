import ArgumentParser
import ModelHashing

/// Options every `verify` subcommand shares.
struct VerificationOptions: ParsableArguments {
    @Option(name: .customLong("signature"), help: "The signature file to verify.")
    var signature: String

    @Flag(name: [.customLong("ignore-unsigned-files"), .customLong("ignore_unsigned_files")],
          help: "Check only the files the signature lists; tolerate other files.")
    var ignoreUnsignedFiles = false

    @Flag(name: [.customLong("allow-symlinks"), .customLong("allow_symlinks")],
          help: "Accepted for compatibility; the symbolic-link policy recorded in the signature is used.")
    var allowSymlinks = false

    @Option(name: .customLong("symlink-root"), parsing: .singleValue,
            help: ArgumentHelp("A directory symbolic links may also point into, such as a Hugging Face cache's blobs folder (only when the signature allows symbolic links; links anywhere else are still refused). Repeatable.",
                               valueName: "dir"))
    var symlinkRoots: [String] = []

    @Option(name: .customLong("only"), parsing: .singleValue,
            help: ArgumentHelp("Check the signature and only this signed file, or the signed files under this directory, named as in the signature (relative to the model). Repeatable. The other signed files are not read and are reported as not checked.",
                               valueName: "path"))
    var only: [String] = []

    @Flag(name: .customLong("oci-manifest"),
          help: "Treat MODEL as an OCI image manifest JSON file and compare its config and layer digests with the signature (detected without the flag for a .json file with schemaVersion 2 and layers).")
    var ociManifest = false

    func validate() throws {
        if ociManifest, !only.isEmpty { throw ValidationError("--only cannot be used with --oci-manifest") }
        if !only.isEmpty, ignoreUnsignedFiles {
            throw ValidationError("--only and --ignore-unsigned-files cannot be combined (--only already ignores other files)")
        }
        _ = try onlyPaths()
    }

    /// The `--only` paths, or nil for a full verification.
    func onlyPaths() throws -> [ModelPath]? {
        guard !only.isEmpty else { return nil }
        return try only.map { text in
            guard let path = ModelPath(text) else {
                throw ValidationError("--only \(text): expected a path relative to the model, as recorded in the signature")
            }
            return path
        }
    }
}
