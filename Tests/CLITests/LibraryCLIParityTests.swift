import Foundation
import ModelHashing
import ModelSigning
import ModelSigningTestSupport
import Testing

/// The library and the CLI apply the same signing rules (git paths and the signature file
/// recorded in `ignore_paths`, BLAKE3 shards refused), so the same options give the same
/// signed statement, byte for byte.
@Suite(.enabled(if: TestEnvironment.hasCLI, "needs the model-signing binary"))
struct LibraryCLIParityTests {
    /// The library options matching each CLI option set.
    static let cases: [(cli: [String], serialization: Serialization, ignoreGitPaths: Bool)] = [
        ([], Serialization(), true),
        (["--no-ignore-git-paths"], Serialization(), false),
        (["--hash", "blake2b", "--shard-size", "4096"],
         Serialization(method: .shards(size: 4096), hashAlgorithm: .blake2b), true),
        (["--hash", "blake3", "--ignore-paths", "model/notes.txt"],
         Serialization(hashAlgorithm: .blake3, ignorePaths: [ModelPath("notes.txt")!]), true),
    ]

    @Test("Library and CLI write the same statement bytes for the same options", arguments: 0..<cases.count)
    func sameStatement(index: Int) async throws {
        let (cliOptions, serialization, ignoreGitPaths) = Self.cases[index]
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("model/weights.bin", String(repeating: "w", count: 10_000))
        try directory.write("model/notes.txt", "notes")
        try directory.write("model/.gitignore", "*.tmp")
        let keys = try directory.writeKeyPair()
        let model = directory.appending("model").path

        let cliSignature = model + "/cli.sig"
        let sign = try ProcessRunner.cli(["sign", "key", model, "--private-key", keys.privateKey,
                                          "--signature", cliSignature] + cliOptions, in: directory.url)
        #expect(sign.status == 0, "\(sign.stderr)")

        // The library signature goes to the same place, after the CLI's is moved aside.
        let cliBytes = try Data(contentsOf: URL(fileURLWithPath: cliSignature))
        try FileManager.default.removeItem(atPath: cliSignature)
        let hasher = ModelHasher(serialization: serialization, ignoreGitPaths: ignoreGitPaths)
        try await ModelSigner(signer: KeySigner(privateKey: try ECPrivateKey(contentsOf: keys.privateKey)), hasher: hasher)
            .sign(modelAt: model, signatureAt: cliSignature)
        let libraryBytes = try Data(contentsOf: URL(fileURLWithPath: cliSignature))

        let cliPayload = try Self.payload(cliBytes)
        #expect(cliPayload == (try Self.payload(libraryBytes)))
        #expect(cliPayload.contains("cli.sig"))
        #expect(cliPayload.contains("\".github\"") == ignoreGitPaths)  // recorded, never a resource here
    }

    @Test("The library refuses BLAKE3 shards, as the CLI does")
    func blake3ShardsRefused() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("model/weights.bin", "w")
        let hasher = ModelHasher(serialization: Serialization(method: .shards(size: 4096), hashAlgorithm: .blake3))
        let signer = ModelSigner(signer: KeySigner(privateKey: ECPrivateKey.generate(curve: .p256)), hasher: hasher)
        await #expect(throws: ModelSigningError.self) {
            try await signer.sign(modelAt: directory.appending("model").path, signatureAt: directory.appending("model.sig").path)
        }
        #expect(!FileManager.default.fileExists(atPath: directory.appending("model.sig").path))
    }

    /// The decoded DSSE payload (the in-toto statement) of a bundle's JSON.
    static func payload(_ bundle: Data) throws -> String {
        let object = try JSONSerialization.jsonObject(with: bundle) as? [String: Any]
        let envelope = object?["dsseEnvelope"] as? [String: Any]
        let encoded = try #require(envelope?["payload"] as? String)
        let decoded = try #require(Data(base64Encoded: encoded))
        return String(decoding: decoded, as: UTF8.self)
    }
}
