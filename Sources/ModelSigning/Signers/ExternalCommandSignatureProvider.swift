import Dispatch
import Foundation

/// Signs by running a command: any KMS or HSM command-line tool can be used as a signer.
///
/// The protocol: the command is run with `/bin/sh -c COMMAND`; it receives the bytes to sign
/// on standard input (the DSSE pre-authentication encoding of the statement, then end of
/// file) and must print the signature over them on standard output, raw bytes, and exit with
/// status 0: for an EC key the DER ECDSA signature hashed with the key's curve hash (SHA-256
/// for P-256, SHA-384 for P-384), for an RSA key the RSASSA-PKCS1-v1_5 signature over SHA-256.
/// `openssl dgst -sha256 -sign key.pem` does exactly this. Anything else — a
/// non-zero exit (its standard error is reported), no output, more than
/// ``maximumOutputBytes`` bytes, or no answer within ``timeout`` (the command is then
/// terminated) — is an error. The signature is checked against ``signerPublicKey`` before any
/// bundle is written.
public struct ExternalCommandSignatureProvider: SignatureProvider {
    /// The shell command line.
    public let command: String
    public let signerPublicKey: SignerPublicKey
    /// How long the command may run for one signature.
    public let timeout: Duration
    /// The largest standard output (and standard error kept) accepted, in bytes.
    public let maximumOutputBytes: Int

    /// A provider running `command`, whose signatures `publicKey` verifies.
    public init(command: String, publicKey: SignerPublicKey, timeout: Duration = .seconds(120), maximumOutputBytes: Int = 65_536) {
        self.command = command
        self.signerPublicKey = publicKey
        self.timeout = timeout
        self.maximumOutputBytes = maximumOutputBytes
    }

    /// A provider running `command`, whose signatures the EC key `publicKey` verifies.
    public init(command: String, publicKey: ECPublicKey, timeout: Duration = .seconds(120), maximumOutputBytes: Int = 65_536) {
        self.init(command: command, publicKey: .ec(publicKey), timeout: timeout, maximumOutputBytes: maximumOutputBytes)
    }

    public func signature(for message: [UInt8]) async throws(ModelSigningError) -> [UInt8] {
        let outcome: Result<[UInt8], ModelSigningError> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: run(input: message))
            }
        }
        return try outcome.get()
    }

    private func run(input: [UInt8]) -> Result<[UInt8], ModelSigningError> {
        BrokenPipeSignal.ignore()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let standardInput = Pipe(), standardOutput = Pipe(), standardError = Pipe()
        process.standardInput = standardInput
        process.standardOutput = standardOutput
        process.standardError = standardError
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do { try process.run() } catch {
            return .failure(failure("cannot start /bin/sh: \(error)"))
        }
        let output = BoundedCollector(limit: maximumOutputBytes)
        let errors = BoundedCollector(limit: maximumOutputBytes)
        let readers = DispatchGroup()
        for (pipe, collector) in [(standardOutput, output), (standardError, errors)] {
            readers.enter()
            DispatchQueue.global().async {
                collector.drain(pipe.fileHandleForReading)
                readers.leave()
            }
        }
        DispatchQueue.global().async {
            // A command that exits without reading everything makes this fail (EPIPE): harmless.
            try? standardInput.fileHandleForWriting.write(contentsOf: input)
            try? standardInput.fileHandleForWriting.close()
        }
        let deadline = DispatchTime.now() + .nanoseconds(Int(timeout.components.seconds) * 1_000_000_000
                                                         + Int(timeout.components.attoseconds / 1_000_000_000))
        if exited.wait(timeout: deadline) == .timedOut {
            process.terminate()
            return .failure(failure("no signature within \(timeout); the command was terminated"))
        }
        // The command has exited; its children could still hold the pipes open, so wait only briefly.
        _ = readers.wait(timeout: .now() + .seconds(5))
        let status = process.terminationStatus
        guard process.terminationReason == .exit, status == 0 else {
            let how = process.terminationReason == .exit ? "exited with status \(status)" : "was killed by signal \(status)"
            let message = String(decoding: errors.bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return .failure(failure(how + (message.isEmpty ? "" : ": " + message)))
        }
        guard !output.overflowed else {
            return .failure(failure("printed more than \(maximumOutputBytes) bytes; a DER signature is expected"))
        }
        guard !output.bytes.isEmpty else {
            return .failure(failure("printed no signature on standard output"))
        }
        return .success(output.bytes)
    }

    private func failure(_ reason: String) -> ModelSigningError {
        .key(path: nil, reason: "external signer `\(command)` \(reason)")
    }
}

/// Collects a pipe's bytes up to a limit, then keeps draining (so the writer never blocks)
/// while discarding the rest.
private final class BoundedCollector: @unchecked Sendable {
    private let lock = NSLock()
    private let limit: Int
    private var collected: [UInt8] = []
    private var exceeded = false

    init(limit: Int) { self.limit = limit }

    var bytes: [UInt8] { lock.lock(); defer { lock.unlock() }; return collected }
    var overflowed: Bool { lock.lock(); defer { lock.unlock() }; return exceeded }

    func drain(_ handle: FileHandle) {
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { return }
            lock.lock()
            if collected.count + chunk.count > limit {
                exceeded = true
                collected.append(contentsOf: chunk.prefix(max(0, limit - collected.count)))
            } else {
                collected.append(contentsOf: chunk)
            }
            lock.unlock()
        }
    }
}
