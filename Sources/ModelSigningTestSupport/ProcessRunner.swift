import Foundation

/// The outcome of running a command.
public struct ProcessResult: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String

    public var succeeded: Bool { status == 0 }
}

/// Runs commands for CLI and interop tests.
public enum ProcessRunner {
    /// Runs `executable` with `arguments` in `directory`, collecting its output. With a
    /// `timeout`, a command still running after that many seconds is terminated (SIGTERM) and
    /// the result is whatever it printed until then, with its termination status.
    public static func run(_ executable: URL, _ arguments: [String], in directory: URL? = nil,
                           environment: [String: String] = [:], timeout: Double? = nil) throws -> ProcessResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let stdoutPipe = Pipe()
        let stderrPipe = Pipe()
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        if let timeout {
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
                if process.isRunning { process.terminate() }
            }
        }
        // Read both pipes concurrently so that neither fills up and blocks the child.
        let stderrData = LockedData()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            stderrData.set(stderrPipe.fileHandleForReading.readDataToEndOfFile())
            group.leave()
        }
        let out = stdoutPipe.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return ProcessResult(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                             stderr: String(decoding: stderrData.get(), as: UTF8.self))
    }

    /// Runs our `model-signing` CLI.
    public static func cli(_ arguments: [String], in directory: URL? = nil) throws -> ProcessResult {
        guard let cli = TestEnvironment.cli else { throw TestSupportError("model-signing binary not found") }
        return try run(cli, arguments, in: directory)
    }

    /// Runs the reference `model_signing` CLI.
    public static func referenceCLI(_ arguments: [String], in directory: URL? = nil,
                                    environment: [String: String] = [:]) throws -> ProcessResult {
        guard let cli = TestEnvironment.referenceCLI else { throw TestSupportError("reference model_signing not found") }
        return try run(cli, arguments, in: directory, environment: environment)
    }

    /// Runs a Python snippet with the reference's interpreter; `arguments` become `sys.argv[1:]`.
    public static func python(_ script: String, _ arguments: [String] = [], in directory: URL? = nil) throws -> ProcessResult {
        guard let python = TestEnvironment.referencePython else { throw TestSupportError("reference python not found") }
        return try run(python, ["-c", script] + arguments, in: directory)
    }
}

private final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ value: Data) { lock.lock(); data = value; lock.unlock() }
    func get() -> Data { lock.lock(); defer { lock.unlock() }; return data }
}

/// A failure inside test support.
public struct TestSupportError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
