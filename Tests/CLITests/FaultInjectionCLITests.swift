// Linux only: the faults are injected with util-linux (`setpriv`, `prlimit`) and coreutils
// `timeout`, which every Debian system has and macOS does not.
#if os(Linux)
import Foundation
import ModelSigning
import ModelSigningTestSupport
import Testing
import ModelSigningPlatform

/// Signing under faults: the destination cannot be written, the disk fills up, the process is
/// interrupted, files vanish or cannot be read, the model holds special files. Never a partial
/// signature, never an existing signature damaged, never a hang.
///
/// Root ignores file permissions, so permission faults run the CLI under `setpriv` with the
/// capabilities that bypass them dropped (util-linux, present on every Debian system).
@Suite(.enabled(if: TestEnvironment.hasCLI, "needs the model-signing binary"))
struct FaultInjectionCLITests {
    struct Workspace {
        let directory: TemporaryDirectory
        var model: String { directory.appending("model").path }
        var privateKey: String { directory.appending("key.pem").path }
        var publicKey: String { directory.appending("key.pub").path }
        var output: URL { directory.appending("out") }
        var signature: String { output.appendingPathComponent("model.sig").path }

        init(files: Int = 2) throws {
            directory = try TemporaryDirectory()
            for index in 0..<files {
                try directory.write("model/d\(index % 10)/file-\(index).bin", "contents of file \(index)")
            }
            try directory.writeKeyPair()
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        }

        var signArguments: [String] {
            ["sign", "key", model, "--private-key", privateKey, "--signature", signature]
        }

        /// What the output folder holds besides `model.sig` (left-over temporary files).
        func strayFiles() throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: output.path).filter { $0 != "model.sig" }
        }
    }

    private static let existingSignature = Data("an earlier signature\n".utf8)

    private static var cli: String { TestEnvironment.cli?.path ?? "model-signing" }

    /// Runs a command through coreutils `timeout`, so that a hang fails the test instead of
    /// blocking the suite.
    private static func run(_ arguments: [String], seconds: Int = 120) throws -> ProcessResult {
        try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/timeout"), ["--kill-after=5", "\(seconds)"] + arguments)
    }

    /// Whether the CLI starts at all under the file-size limit the full-disk test sets.
    static let startsUnderAFileSizeLimit: Bool = {
        guard TestEnvironment.hasCLI, let result = try? run(["/usr/bin/prlimit", "--fsize=4096", cli, "--version"], seconds: 60)
        else { return false }
        return result.status == 0
    }()

    /// Runs the CLI without the capabilities that let root ignore file permissions.
    private static func runWithoutOverride(_ arguments: [String]) throws -> ProcessResult {
        try run(["/usr/bin/setpriv", "--bounding-set=-dac_override,-dac_read_search", cli] + arguments)
    }

    @Test func aReadOnlyDestinationLeavesTheExistingSignatureIntact() throws {
        let work = try Workspace()
        defer {
            chmod(work.output.path, 0o755)
            work.directory.remove()
        }
        try FaultInjectionCLITests.existingSignature.write(to: URL(fileURLWithPath: work.signature))
        #expect(chmod(work.output.path, 0o555) == 0)
        let sign = try FaultInjectionCLITests.runWithoutOverride(work.signArguments)
        #expect(sign.status != 0 && sign.status != 124)
        #expect(sign.stderr.contains(work.signature), "\(sign.stderr)")
        #expect(sign.stderr.contains("Permission denied"), "\(sign.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: work.signature)) == FaultInjectionCLITests.existingSignature)
        #expect(try work.strayFiles().isEmpty)
    }

    /// A full disk, simulated with a file-size limit (`prlimit --fsize`): writes beyond it fail
    /// with EFBIG, as they fail with ENOSPC on a full file system (mounting a small tmpfs needs
    /// privileges these machines do not give). Disabled for a CLI that cannot even start under
    /// the limit: a ThreadSanitizer build dies of SIGBUS in its runtime's start-up.
    @Test(.enabled(if: FaultInjectionCLITests.startsUnderAFileSizeLimit,
                   "this model-signing binary does not start under `prlimit --fsize=4096` (a ThreadSanitizer build)"))
    func aFullDiskLeavesNoPartialFileAndTheExistingSignatureIntact() throws {
        let work = try Workspace(files: 200)
        defer { work.directory.remove() }
        try FaultInjectionCLITests.existingSignature.write(to: URL(fileURLWithPath: work.signature))
        let sign = try FaultInjectionCLITests.run(["/usr/bin/prlimit", "--fsize=4096", FaultInjectionCLITests.cli] + work.signArguments)
        #expect(sign.status == 1, "status \(sign.status): \(sign.stderr)")
        #expect(sign.stderr.contains("cannot write the signature"), "\(sign.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: work.signature)) == FaultInjectionCLITests.existingSignature)
        #expect(try work.strayFiles().isEmpty)
        // Without the limit the same command writes a signature that verifies.
        #expect(try FaultInjectionCLITests.run([FaultInjectionCLITests.cli] + work.signArguments).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: work.signature)).count > 4096)
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func anInterruptedSignLeavesNoPartialFile(signal: Int32) throws {
        let work = try Workspace()
        defer { work.directory.remove() }
        // A large sparse file: reading it costs no disk, hashing it takes seconds.
        let big = work.directory.appending("model/big.bin").path
        let fd = open(big, O_CREAT | O_WRONLY, 0o644)
        #expect(fd >= 0)
        #expect(ftruncate(fd, 8 << 30) == 0)
        close(fd)
        try FaultInjectionCLITests.existingSignature.write(to: URL(fileURLWithPath: work.signature))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: FaultInjectionCLITests.cli)
        process.arguments = work.signArguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: 0.5)
        let stillRunning = process.isRunning
        kill(process.processIdentifier, signal)
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        #expect(stillRunning, "sign finished before the signal; the test proves nothing")
        #expect(process.terminationStatus != 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: work.signature)) == FaultInjectionCLITests.existingSignature)
        #expect(try work.strayFiles().isEmpty)
    }

    @Test func anUnreadableFileIsNamed() throws {
        let work = try Workspace()
        defer { work.directory.remove() }
        let secret = work.directory.appending("model/secret.bin").path
        #expect(FileManager.default.createFile(atPath: secret, contents: Data("x".utf8)))
        #expect(chmod(secret, 0) == 0)
        let sign = try FaultInjectionCLITests.runWithoutOverride(work.signArguments)
        #expect(sign.status == 1, "status \(sign.status): \(sign.stderr)")
        #expect(sign.stderr.contains("secret.bin"), "\(sign.stderr)")
        #expect(sign.stderr.contains("Permission denied"), "\(sign.stderr)")
        #expect(!FileManager.default.fileExists(atPath: work.signature))
        #expect(try work.strayFiles().isEmpty)
    }

    @Test func anUnreadableFolderIsNamed() throws {
        let work = try Workspace()
        defer {
            chmod(work.directory.appending("model/locked").path, 0o755)
            work.directory.remove()
        }
        try work.directory.write("model/locked/inner.bin", "x")
        #expect(chmod(work.directory.appending("model/locked").path, 0) == 0)
        let sign = try FaultInjectionCLITests.runWithoutOverride(work.signArguments)
        #expect(sign.status == 1, "status \(sign.status): \(sign.stderr)")
        #expect(sign.stderr.contains("locked"), "\(sign.stderr)")
        #expect(!FileManager.default.fileExists(atPath: work.signature))
    }

    @Test func aFIFOIsRefusedByNameWithoutBeingOpened() throws {
        let work = try Workspace()
        defer { work.directory.remove() }
        #expect(mkfifo(work.directory.appending("model/d0/pipe").path, 0o644) == 0)
        // Opening a FIFO with no writer blocks: a hang here ends in `timeout` (status 124).
        let sign = try FaultInjectionCLITests.run([FaultInjectionCLITests.cli] + work.signArguments, seconds: 60)
        #expect(sign.status == 1, "status \(sign.status): \(sign.stderr)")
        #expect(sign.stderr.contains("d0/pipe is not a regular file, directory or symbolic link"), "\(sign.stderr)")
        #expect(!FileManager.default.fileExists(atPath: work.signature))
        let verify = try FaultInjectionCLITests.run([FaultInjectionCLITests.cli, "verify", "key", work.model,
                                                     "--public-key", work.publicKey, "--signature", work.signature], seconds: 60)
        #expect(verify.status != 0 && verify.status != 124)
    }

    @Test func aSocketIsRefusedByName() throws {
        let work = try Workspace()
        defer { work.directory.remove() }
        let path = work.directory.appending("model/d1/control.sock").path
        let socketFD = FaultInjectionCLITests.bindUnixSocket(at: path)
        defer { if socketFD >= 0 { close(socketFD) } }
        #expect(socketFD >= 0)
        let sign = try FaultInjectionCLITests.run([FaultInjectionCLITests.cli] + work.signArguments, seconds: 60)
        #expect(sign.status == 1, "status \(sign.status): \(sign.stderr)")
        #expect(sign.stderr.contains("d1/control.sock is not a regular file, directory or symbolic link"), "\(sign.stderr)")
        #expect(!FileManager.default.fileExists(atPath: work.signature))
    }

    @Test func aCharacterDeviceIsRefusedByName() throws {
        let work = try Workspace()
        defer { work.directory.remove() }
        // A device node needs mknod privileges; a symbolic link to /dev/null is followed only with
        // --allow-symlinks, so the device check is reached through a link the model allows.
        let link = work.directory.appending("model/null").path
        #expect(symlink("/dev/null", link) == 0)
        let sign = try FaultInjectionCLITests.run([FaultInjectionCLITests.cli] + work.signArguments + ["--allow-symlinks"], seconds: 60)
        #expect(sign.status == 1, "status \(sign.status): \(sign.stderr)")
        #expect(sign.stderr.contains("null"), "\(sign.stderr)")
        #expect(!FileManager.default.fileExists(atPath: work.signature))
    }

    private static func bindUnixSocket(at path: String) -> Int32 {
        #if os(macOS)
        let fd = socket(AF_UNIX, SOCK_STREAM, 0)
        #else
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        #endif
        guard fd >= 0 else { return -1 }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { close(fd); return -1 }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: bytes)
        }
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0 else { close(fd); return -1 }
        return fd
    }
}
#endif
