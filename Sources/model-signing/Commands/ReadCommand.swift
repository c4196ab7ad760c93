import ArgumentParser
import ModelHashing
import ModelSigning
import Sigstore
import ModelSigningPlatform

/// `model-signing read`: a verified read of one signed file or byte range (key method), as a
/// loader would do it through `SignedModel`. Also what `bench/loadtime` times.
struct ReadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read",
        abstract: "Read bytes of a signed file, verified against the signature (EC key signatures).",
        discussion: """
            Checks the signature, then reads --path (whole, or --offset/--length) and hashes only \
            what that read needs: the shards the range touches with a shard signature, the whole \
            file otherwise. Other files are not checked. Prints how many verified bytes were read \
            and how many were hashed; --output writes the verified bytes to a file.
            """
    )

    @Argument(help: "Path to the model (a directory or a single file).")
    var modelPath: String

    @Option(name: .customLong("signature"), help: "The signature file.")
    var signature: String

    @Option(name: [.customLong("public-key"), .customLong("public_key")], help: "PEM public key.")
    var publicKey: String

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
        guard ModelPath(path) != nil else { throw ValidationError("--path must be a path relative to the model") }
        guard offset >= 0 else { throw ValidationError("--offset must not be negative") }
        if let length, length < 0 { throw ValidationError("--length must not be negative") }
    }

    func run() async throws {
        let reporter = CommandReporter(operation: "Read", json: json)
        do {
            guard let file = ModelPath(path) else { throw ValidationError("--path must be a path relative to the model") }
            let key = try ECPublicKey(contentsOf: publicKey)
            let model = try await SignedModel.open(modelAt: modelPath, signatureAt: signature,
                                                   verifier: KeyVerifier(publicKey: key),
                                                   // One read: keeping verified shards for later reads is pointless.
                                                   options: SignedModel.Options(symlinkRoots: symlinkRoots, cacheCapacity: 0))
            let size = try model.size(of: file)
            let end = length.map { offset + $0 } ?? size
            let bytes = try await model.read(file, range: offset..<max(offset, end))
            if let output { try ReadCommand.write(bytes, to: output) }
            let statistics = model.statistics
            if json {
                reporter.succeed([
                    ("path", .string(file.string)), ("offset", .integer(offset)), ("bytes", .integer(bytes.count)),
                    ("bytes_hashed", .integer(statistics.bytesHashed)), ("units_verified", .integer(statistics.unitsVerified)),
                    ("file_size", .integer(size)),
                ])
            } else {
                print("Read \(bytes.count) verified bytes of \(DisplayText.escaped(file.string)) (hashed \(statistics.bytesHashed) bytes in "
                      + "\(statistics.unitsVerified) unit(s) of a \(size)-byte file)")
            }
        } catch {
            throw ExitCode(reporter.fail(error))
        }
    }

    private static func write(_ bytes: [UInt8], to path: String) throws(ModelSigningError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(path: path, reason: "cannot create the output: \(SystemError.lastMessage)") }
        defer { close(fd) }
        let code = FileDescriptorIO.writeAll(fd, bytes)
        guard code == 0 else { throw .io(path: path, reason: "cannot write the output: \(SystemError.message(for: code))") }
    }
}
