import Foundation
import ModelSigning
import ModelSigningTestSupport
import Testing

private let interopAvailable = TestEnvironment.hasCLI && TestEnvironment.hasReference

/// BLAKE2b and BLAKE3 signatures made by our CLI verify with the reference's Python API
/// (its CLI always re-hashes with SHA-256, so the API is the only way there).
@Suite(.enabled(if: interopAvailable, "needs the model-signing binary and the reference venv"))
struct ReferenceInteropHashTests {
    /// (our --hash, the reference API's name, shard size or nil)
    static let cases: [(String, String, Int?)] = [
        ("blake2b", "blake2", nil), ("blake2b", "blake2", 100_000), ("blake3", "blake3", nil),
        ("sha256", "sha256", 100_000),
    ]

    static let verifyScript = """
        import sys
        from model_signing import hashing, verifying
        model, signature, public_key, algorithm, shard = sys.argv[1:6]
        config = hashing.Config()
        if shard == "none":
            config = config.use_file_serialization(hashing_algorithm=algorithm)
        else:
            config = config.use_shard_serialization(hashing_algorithm=algorithm, shard_size=int(shard))
        config.set_ignored_paths(paths=[".git", ".gitattributes", ".github", ".gitignore"])
        verifying.Config().use_elliptic_key_verifier(public_key=public_key).set_hashing_config(config).verify(model, signature)
        print("verified")
        """

    @Test(arguments: 0..<cases.count)
    func referenceAPIVerifiesOurSignature(index: Int) throws {
        let (hash, referenceName, shard) = ReferenceInteropHashTests.cases[index]
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("model/a.txt", "hello")
        try directory.write("model/sub/weights.bin", Data((0..<300_001).map { UInt8(truncatingIfNeeded: $0 &* 31) }))
        try directory.write("model/empty", "")
        try directory.writeKeyPair()
        let model = directory.appending("model").path
        let signature = directory.appending("model.sig").path
        var arguments = ["sign", "key", model, "--private-key", directory.appending("key.pem").path, "--signature", signature, "--hash", hash]
        if let shard { arguments += ["--shard-size", String(shard)] }
        let sign = try ProcessRunner.cli(arguments)
        #expect(sign.status == 0, "\(sign.stderr)")
        let verify = try ProcessRunner.python(ReferenceInteropHashTests.verifyScript,
                                              [model, signature, directory.appending("key.pub").path, referenceName,
                                               shard.map(String.init) ?? "none"])
        #expect(verify.status == 0, "reference API refused our \(hash) signature: \(verify.stderr)")
        #expect(verify.stdout.contains("verified"))
        // And ours verifies it, following the recorded serialization.
        let ours = try ProcessRunner.cli(["verify", "key", model, "--public-key", directory.appending("key.pub").path, "--signature", signature])
        #expect(ours.status == 0, "\(ours.stderr)")
    }

    @Test func blake3ShardsAreRefusedClearly() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("model/a", "a")
        try directory.write("key.pem", ECPrivateKey.generate(curve: .p256).pkcs8PEM)
        let result = try ProcessRunner.cli(["sign", "key", directory.appending("model").path, "--private-key",
                                            directory.appending("key.pem").path, "--hash", "blake3", "--shard-size", "1000"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("blake3"))
    }
}
