import Foundation
import ModelSigning
import ModelSigningTestSupport
import Testing

/// `verify --only`, `--symlink-root`, `sign --reuse-from/--changed` and `read` on the command line.
@Suite(.enabled(if: TestEnvironment.hasCLI, "needs the model-signing binary"))
struct LoadTimeCLITests {
    struct Workspace {
        let directory: TemporaryDirectory
        var model: String { directory.appending("model").path }
        var privateKey: String { directory.appending("key.pem").path }
        var publicKey: String { directory.appending("key.pub").path }
        var signature: String { directory.appending("model.sig").path }

        init() throws {
            directory = try TemporaryDirectory("loadtime-cli")
            try directory.write("model/weights.bin", Data((0..<50_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }))
            try directory.write("model/config.json", "{}")
            try directory.write("model/extra/notes.txt", "notes")
            try directory.writeKeyPair()
        }

        func sign(_ extra: [String] = []) throws -> ProcessResult {
            try ProcessRunner.cli(["sign", "key", model, "--private-key", privateKey, "--signature", signature] + extra)
        }

        func verify(_ extra: [String] = []) throws -> ProcessResult {
            try ProcessRunner.cli(["verify", "key", model, "--public-key", publicKey, "--signature", signature] + extra)
        }

        func tamper(_ name: String) throws {
            let handle = try FileHandle(forUpdating: directory.appending("model/\(name)"))
            try handle.seek(toOffset: 0)
            try handle.write(contentsOf: Data("X".utf8))
            try handle.close()
        }
    }

    @Test func onlyChecksTheListedFilesAndSaysWhatWasNotChecked() throws {
        let work = try Workspace()
        defer { work.directory.remove() }
        #expect(try work.sign(["--shard-size", "4096"]).status == 0)
        try work.tamper("weights.bin")

        let partial = try work.verify(["--only", "config.json", "--only", "extra"])
        #expect(partial.status == 0, "\(partial.stderr)")
        #expect(partial.stdout == "Verification succeeded\nPartial verification: checked 2 of 3 signed files; NOT checked: weights.bin\n")

        let json = try work.verify(["--only", "config.json", "--json"])
        #expect(json.status == 0)
        #expect(json.stdout.contains(#""partial":true"#))
        #expect(json.stdout.contains(#""unchecked":["extra/notes.txt","weights.bin"]"#))

        let failing = try work.verify(["--only", "weights.bin"])
        #expect(failing.status == 1)
        #expect(failing.stderr.contains("weights.bin:0:4096"))

        let unknown = try work.verify(["--only", "nope.bin"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("not in the signature"))
        #expect(unknown.stderr.contains("nope.bin"))

        #expect(try work.verify().status == 1)
    }

    @Test func reuseFromHashesOnlyWhatChanged() async throws {
        let work = try Workspace()
        defer { work.directory.remove() }
        try await Task.sleep(for: .milliseconds(30))
        #expect(try work.sign().status == 0)
        try await Task.sleep(for: .milliseconds(30))
        try work.tamper("config.json")

        let resign = try work.sign(["--reuse-from", work.signature])
        #expect(resign.status == 0, "\(resign.stderr)")
        #expect(resign.stdout == "Signing succeeded\nRe-signed: hashed 1 file(s) (2 B), reused the signed digests of 2\n")
        #expect(try work.verify().status == 0)

        // The re-signed signature is dated 2 s before its run, so files made just before would
        // count as changed; date it now so that only the listed file is hashed.
        try await Task.sleep(for: .milliseconds(30))
        try FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: work.signature)
        let listed = try work.sign(["--reuse-from", work.signature, "--changed", "weights.bin", "--json"])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains(#""hashed_files":1"#))
        #expect(listed.stdout.contains(#""bytes_hashed":50000"#))

        // An earlier signature made with another key is refused.
        let other = ECPrivateKey.generate(curve: .p256)
        try work.directory.write("other.pem", other.pkcs8PEM)
        let refused = try ProcessRunner.cli(["sign", "key", work.model, "--private-key", work.directory.appending("other.pem").path,
                                             "--signature", work.directory.appending("new.sig").path, "--reuse-from", work.signature])
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("Signing failed with error: "))

        let orphan = try work.sign(["--changed", "weights.bin"])
        #expect(orphan.status != 0)
        #expect(orphan.stderr.contains("--changed needs --reuse-from"))
    }

    @Test func readPrintsVerifiedBytesAndFailsOnATouchedTamperedShard() throws {
        let work = try Workspace()
        defer { work.directory.remove() }
        #expect(try work.sign(["--shard-size", "4096"]).status == 0)
        let output = work.directory.appending("out.bin").path
        let read = try ProcessRunner.cli(["read", work.model, "--signature", work.signature, "--public-key", work.publicKey,
                                          "--path", "weights.bin", "--offset", "10000", "--length", "500", "--output", output])
        #expect(read.status == 0, "\(read.stderr)")
        #expect(read.stdout == "Read 500 verified bytes of weights.bin (hashed 4096 bytes in 1 unit(s) of a 50000-byte file)\n")
        let written = try Data(contentsOf: URL(fileURLWithPath: output))
        #expect(Array(written) == (10_000..<10_500).map { UInt8(truncatingIfNeeded: $0 &* 31) })

        try work.tamper("weights.bin")  // byte 0: shard 0 only
        let untouched = try ProcessRunner.cli(["read", work.model, "--signature", work.signature, "--public-key", work.publicKey,
                                               "--path", "weights.bin", "--offset", "10000", "--length", "500", "--json"])
        #expect(untouched.status == 0)
        #expect(untouched.stdout.contains(#""bytes":500"#))
        let touched = try ProcessRunner.cli(["read", work.model, "--signature", work.signature, "--public-key", work.publicKey,
                                             "--path", "weights.bin", "--length", "10"])
        #expect(touched.status == 1)
        #expect(touched.stderr.contains("weights.bin:0:4096"))
        #expect(touched.stdout.isEmpty)
    }

    @Test func symlinkRootAllowsAHubSnapshotAndNothingElse() throws {
        let work = try Workspace()
        defer { work.directory.remove() }
        let repository = work.directory.appending("hub/models--org--tiny")
        let snapshot = repository.appendingPathComponent("snapshots/rev")
        let blobs = repository.appendingPathComponent("blobs")
        try work.directory.write("hub/models--org--tiny/blobs/aaa", "weights")
        try work.directory.write("hub/models--org--tiny/blobs/bbb", "{}")
        try FileManager.default.createDirectory(at: snapshot, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: snapshot.appendingPathComponent("weights.bin").path,
                                                   withDestinationPath: "../../blobs/aaa")
        try FileManager.default.createSymbolicLink(atPath: snapshot.appendingPathComponent("config.json").path,
                                                   withDestinationPath: "../../blobs/bbb")
        let base = ["--private-key", work.privateKey, "--signature", work.signature]
        #expect(try ProcessRunner.cli(["sign", "key", snapshot.path] + base + ["--symlink-root", blobs.path]).status != 0)
        #expect(try ProcessRunner.cli(["sign", "key", snapshot.path] + base + ["--allow-symlinks"]).status == 1)
        let sign = try ProcessRunner.cli(["sign", "key", snapshot.path] + base + ["--allow-symlinks", "--symlink-root", blobs.path])
        #expect(sign.status == 0, "\(sign.stderr)")

        let verifyBase = ["verify", "key", snapshot.path, "--public-key", work.publicKey, "--signature", work.signature]
        #expect(try ProcessRunner.cli(verifyBase + ["--symlink-root", blobs.path]).status == 0)
        let escape = try ProcessRunner.cli(verifyBase)
        #expect(escape.status == 1)
        #expect(escape.stderr.contains("outside the model"))
    }
}
