import ArgumentParser
import ModelHashing

/// What `read key|certificate|sigstore` read: the model, its signature, the file and byte range,
/// and where the verified bytes go.
struct ReadOptions: ParsableArguments {
    @Argument(help: "Path to the model (a directory or a single file).")
    var modelPath: String

    @Option(name: .customLong("signature"), help: "The signature file.")
    var signature: String

    @Option(name: .customLong("path"), help: "The signed file to read, as named in the signature (\".\" for a single-file model).")
    var path: String

    @Option(name: .customLong("offset"), help: "First byte to read.")
    var offset: Int64 = 0

    @Option(name: .customLong("length"), help: "Bytes to read (default: to the end of the file).")
    var length: Int64?

    @Option(name: .customLong("symlink-root"), parsing: .singleValue,
            help: ArgumentHelp("A directory symbolic links may also point into (only when the signature allows symbolic links). Repeatable.",
                               valueName: "dir"))
    var symlinkRoots: [String] = []

    @Option(name: .customLong("output"), help: "Write the verified bytes to this file (replaced if it exists).")
    var output: String?

    @Flag(name: .customLong("json"), help: "Print a machine-readable result on stdout.")
    var json = false

    func validate() throws {
        _ = try file()
        guard offset >= 0 else { throw ValidationError("--offset must not be negative") }
        if let length, length < 0 { throw ValidationError("--length must not be negative") }
    }

    /// `--path` as a model path.
    func file() throws -> ModelPath {
        guard let file = ModelPath(path) else { throw ValidationError("--path must be a path relative to the model") }
        return file
    }
}
