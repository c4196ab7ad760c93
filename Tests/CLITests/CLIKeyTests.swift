import Foundation
import ModelSigning
import ModelSigningTestSupport
import Testing

/// The `model-signing` executable: messages, exit codes, option spellings.
@Suite(.enabled(if: TestEnvironment.hasCLI, "needs the model-signing binary"))
struct CLIKeyTests {
    struct Workspace {
        let directory: TemporaryDirectory
        var model: String { directory.appending("model").path }
        var privateKey: String { directory.appending("key.pem").path }
        var publicKey: String { directory.appending("key.pub").path }
        var signature: String { directory.appending("model.sig").path }

        init(curve: ECCurve = .p256) throws {
            directory = try TemporaryDirectory()
            try directory.write("model/weights.bin", "weights")
            try directory.write("model/config/config.json", "{}")
            try directory.writeKeyPair(curve: curve)
        }
    }

    @Test func signAndVerifySucceedWithTheReferenceMessages() throws {
        let work = try Workspace()
        defer { work.directory.remove() }
        let sign = try ProcessRunner.cli(["sign", "key", work.model, "--private-key", work.privateKey, "--signature", work.signature])
        #expect(sign.status == 0)
        #expect(sign.stdout == "Signing succeeded\n")
        let verify = try ProcessRunner.cli(["verify", "key", work.model, "--public_key", work.publicKey, "--signature", work.signature])
        #expect(verify.status == 0)
        #expect(verify.stdout == "Verification succeeded\n")
    }

    @Test func underscoreSpellingsWork() throws {
        let work = try Workspace()
        defer { work.directory.remove() }
        let sign = try ProcessRunner.cli(["sign", "key", work.model, "--private_key", work.privateKey, "--signature", work.signature,
                                          "--allow_symlinks"])
        #expect(sign.status == 0, "\(sign.stderr)")
    }

    @Test func defaultSignatureIsModelSigInTheCurrentDirectory() throws {
        let work = try Workspace()
        defer { work.directory.remove() }
        let sign = try ProcessRunner.cli(["sign", "key", "model", "--private-key", "key.pem"], in: work.directory.url)
        #expect(sign.status == 0, "\(sign.stderr)")
        #expect(FileManager.default.fileExists(atPath: work.signature))
    }

    @Test func signatureInsideTheModelIsExcludedAndRecorded() throws {
        let work = try Workspace()
        defer { work.directory.remove() }
        let inside = work.model + "/model.sig"
        #expect(try ProcessRunner.cli(["sign", "key", work.model, "--private-key", work.privateKey, "--signature", inside]).status == 0)
        let verify = try ProcessRunner.cli(["verify", "key", work.model, "--public-key", work.publicKey, "--signature", inside, "--json"])
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.contains("\"resources\":2"))
    }

    @Test func tamperingFailsWithExitOneAndNamesTheFile() throws {
        let work = try Workspace()
        defer { work.directory.remove() }
        #expect(try ProcessRunner.cli(["sign", "key", work.model, "--private-key", work.privateKey, "--signature", work.signature]).status == 0)
        try work.directory.write("model/weights.bin", "weightz")
        try work.directory.write("model/new.txt", "x")
        let verify = try ProcessRunner.cli(["verify", "key", work.model, "--public-key", work.publicKey, "--signature", work.signature])
        #expect(verify.status == 1)
        #expect(verify.stdout.isEmpty)
        #expect(verify.stderr.hasPrefix("Verification failed with error: "))
        #expect(verify.stderr.contains("weights.bin"))
        #expect(verify.stderr.contains("new.txt"))
        let json = try ProcessRunner.cli(["verify", "key", work.model, "--public-key", work.publicKey, "--signature", work.signature, "--json"])
        #expect(json.status == 1)
        #expect(json.stdout.contains("\"changed\":[{\"name\":\"weights.bin\""))
        #expect(json.stdout.contains("\"extra\":[\"new.txt\"]"))
    }

    @Test func ignorePathsAreRelativeToTheCurrentDirectory() throws {
        let work = try Workspace()
        defer { work.directory.remove() }
        try work.directory.write("model/scratch.tmp", "temp")
        #expect(try ProcessRunner.cli(["sign", "key", "model", "--private-key", "key.pem", "--signature", "model.sig",
                                       "--ignore-paths", "model/scratch.tmp"], in: work.directory.url).status == 0)
        try work.directory.write("model/scratch.tmp", "changed")
        let verify = try ProcessRunner.cli(["verify", "key", "model", "--public-key", "key.pub", "--signature", "model.sig"],
                                           in: work.directory.url)
        #expect(verify.status == 0, "\(verify.stderr)")
    }

    @Test func badInputFailsClearlyWithoutWritingASignature() throws {
        let work = try Workspace()
        defer { work.directory.remove() }
        // Wrong key type: a public key given as the private key.
        let wrongKey = try ProcessRunner.cli(["sign", "key", work.model, "--private-key", work.publicKey, "--signature", work.signature])
        #expect(wrongKey.status == 1)
        #expect(wrongKey.stderr.hasPrefix("Signing failed with error: "))
        #expect(!FileManager.default.fileExists(atPath: work.signature))
        // An escaping symbolic link.
        try work.directory.write("secret", "s")
        try FileManager.default.createSymbolicLink(atPath: work.model + "/link", withDestinationPath: "../secret")
        let escape = try ProcessRunner.cli(["sign", "key", work.model, "--private-key", work.privateKey, "--signature", work.signature,
                                            "--allow-symlinks"])
        #expect(escape.status == 1)
        #expect(escape.stderr.contains("outside the model"))
        let refused = try ProcessRunner.cli(["sign", "key", work.model, "--private-key", work.privateKey, "--signature", work.signature])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("symbolic link"))
        #expect(!FileManager.default.fileExists(atPath: work.signature))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: work.directory.path).filter { $0.hasPrefix(".model-signing") }
        #expect(leftovers.isEmpty)
        // An empty model.
        try FileManager.default.createDirectory(atPath: work.directory.path + "/empty", withIntermediateDirectories: true)
        let empty = try ProcessRunner.cli(["sign", "key", work.directory.path + "/empty", "--private-key", work.privateKey,
                                           "--signature", work.signature])
        #expect(empty.status == 1)
        #expect(empty.stderr.contains("no files"))
    }

    @Test func malformedSignatureFailsClearly() throws {
        let work = try Workspace()
        defer { work.directory.remove() }
        for contents in ["", "{", "[]", "{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\"}", String(repeating: "[", count: 10_000)] {
            try work.directory.write("model.sig", contents)
            let verify = try ProcessRunner.cli(["verify", "key", work.model, "--public-key", work.publicKey, "--signature", work.signature])
            #expect(verify.status == 1)
            #expect(verify.stderr.hasPrefix("Verification failed with error: "))
        }
        let missing = try ProcessRunner.cli(["verify", "key", work.model, "--public-key", work.publicKey, "--signature", "/nonexistent.sig"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("/nonexistent.sig"))
    }

    @Test func digestPrintsTheRootDigest() throws {
        let work = try Workspace()
        defer { work.directory.remove() }
        let files = try ProcessRunner.cli(["digest", work.model])
        #expect(files.status == 0)
        #expect(files.stdout.hasPrefix("sha256:") && files.stdout.count == 7 + 64 + 1)
        let again = try ProcessRunner.cli(["digest", work.model, "--workers", "1"])
        #expect(again.stdout == files.stdout)
        let shards = try ProcessRunner.cli(["digest", work.model, "--shard-size", "3"])
        #expect(shards.status == 0)
        #expect(shards.stdout != files.stdout)
    }
}
