import ArgumentParser
import ModelHashing
import ModelSigning
import ModelSigningPlatform
import Sigstore

/// The part of every `read` subcommand that does not depend on the signing method.
enum ReadRunner {
    /// Reports the verified read `options` ask for; `verifier` (a closure, so that its errors —
    /// an unreadable key, an unusable trusted root — are reported like the read's) checks the
    /// signature, and returns whether a verified RFC 3161 timestamp is required (timestamp
    /// authorities were given), as for `verify`.
    static func read(_ options: ReadOptions,
                     verifier makeVerifier: () async throws -> (verifier: any BundleVerifier, requireTimestamp: Bool)) async throws {
        let reporter = CommandReporter(operation: "Read", json: options.json)
        do {
            let file = try options.file()
            let (verifier, requireTimestamp) = try await makeVerifier()
            let model = try await SignedModel.open(modelAt: options.modelPath, signatureAt: options.signature, verifier: verifier,
                                                   // One read: keeping verified shards for later reads is pointless.
                                                   options: SignedModel.Options(symlinkRoots: options.symlinkRoots, cacheCapacity: 0))
            let timestampDetails = try VerifyRunner.timestampReport(
                VerificationResult(signedManifest: model.manifest, signer: model.signer, timestamps: model.timestamps,
                                   uncheckedTimestampCount: model.uncheckedTimestampCount),
                required: requireTimestamp)
            let size = try model.size(of: file)
            let end = options.length.map { options.offset + $0 } ?? size
            let bytes = try await model.read(file, range: options.offset..<max(options.offset, end))
            if let output = options.output { try write(bytes, to: output) }
            let statistics = model.statistics
            if options.json {
                reporter.succeed([
                    ("path", .string(file.string)), ("offset", .integer(options.offset)), ("bytes", .integer(bytes.count)),
                    ("bytes_hashed", .integer(statistics.bytesHashed)), ("units_verified", .integer(statistics.unitsVerified)),
                    ("file_size", .integer(size)),
                ] + timestampDetails)
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
