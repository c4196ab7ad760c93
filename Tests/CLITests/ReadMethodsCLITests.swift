import Foundation
import ModelSigning
import ModelSigningTestSupport
import Testing

/// `model-signing read key|certificate|sigstore`: a verified range read with every method's
/// verifier, and what each refuses.
@Suite(.enabled(if: TestEnvironment.hasCLI, "needs the model-signing binary"))
struct ReadMethodsCLITests {
    /// The bytes `CertificateWorkspace` writes to weights.bin.
    static func weight(_ index: Int) -> UInt8 { UInt8(index % 241) }

    private func read(_ method: String, _ work: CertificateWorkspace, offset: Int, length: Int, _ extra: [String]) throws -> ProcessResult {
        try ProcessRunner.cli(["read", method, work.model, "--signature", work.signature, "--path", "weights.bin",
                               "--offset", String(offset), "--length", String(length)] + extra)
    }

    private func flipByte(at offset: UInt64, of path: String) throws {
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seek(toOffset: offset)
        let byte = try handle.read(upToCount: 1) ?? Data()
        try handle.seek(toOffset: offset)
        try handle.write(contentsOf: Data([(byte.first ?? 0) ^ 0x01]))
    }

    @Test func certificateSignedModelReadsAVerifiedRange() throws {
        let work = try CertificateWorkspace()
        defer { work.directory.remove() }
        #expect(try work.sign(["--shard-size", "4096"]).status == 0)
        let output = work.directory.appending("out.bin").path
        let result = try read("certificate", work, offset: 5_000, length: 100,
                              ["--certificate-chain", work.files.root, "--certificate-identity", "builder@example.com", "--output", output])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "Read 100 verified bytes of weights.bin (hashed 4096 bytes in 1 unit(s) of a 10000-byte file)\n")
        #expect(result.stderr.isEmpty)
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: output))) == (5_000..<5_100).map(Self.weight))
    }

    @Test func certificateReadRefusesAnotherSignerAnUntrustedCAAndATamperedRange() throws {
        let work = try CertificateWorkspace()
        defer { work.directory.remove() }
        #expect(try work.sign(["--shard-size", "4096"]).status == 0)

        let stranger = try read("certificate", work, offset: 0, length: 10,
                                ["--certificate-chain", work.files.root, "--certificate-identity", "someone@example.com"])
        #expect(stranger.status == 1)
        #expect(stranger.stderr.hasPrefix("Read failed with error: "), "\(stranger.stderr)")
        #expect(stranger.stdout.isEmpty)

        let other = try CertificateWorkspace()
        defer { other.directory.remove() }
        let untrusted = try read("certificate", work, offset: 0, length: 10, ["--certificate-chain", other.files.root])
        #expect(untrusted.status == 1)
        #expect(untrusted.stderr.hasPrefix("Read failed with error: "), "\(untrusted.stderr)")

        try flipByte(at: 5_050, of: work.model + "/weights.bin")  // shard 1 (4096..<8192)
        let chain = ["--certificate-chain", work.files.root]
        let tampered = try read("certificate", work, offset: 5_000, length: 100, chain)
        #expect(tampered.status == 1)
        #expect(tampered.stderr.hasPrefix("Read failed with error: "))
        #expect(tampered.stderr.contains("weights.bin"), "\(tampered.stderr)")
        // A range in another shard still verifies: only what is read is checked.
        let untouched = try read("certificate", work, offset: 0, length: 100, chain)
        #expect(untouched.status == 0, "\(untouched.stderr)")
    }

    @Test func keyIsTheDefaultMethodAndAnotherKeyIsRefused() throws {
        let work = try CertificateWorkspace()
        defer { work.directory.remove() }
        let keys = try work.directory.writeKeyPair()
        let signed = try ProcessRunner.cli(["sign", "key", work.model, "--private-key", keys.privateKey, "--signature", work.signature])
        #expect(signed.status == 0, "\(signed.stderr)")
        let explicit = try read("key", work, offset: 10, length: 20, ["--public-key", keys.publicKey])
        #expect(explicit.status == 0, "\(explicit.stderr)")
        #expect(explicit.stdout == "Read 20 verified bytes of weights.bin (hashed 10000 bytes in 1 unit(s) of a 10000-byte file)\n")
        let plain = try ProcessRunner.cli(["read", work.model, "--signature", work.signature, "--public_key", keys.publicKey,
                                           "--path", "weights.bin", "--offset", "10", "--length", "20"])
        #expect(plain.stdout == explicit.stdout)

        let otherKey = ECPrivateKey.generate(curve: .p256)
        let otherPublic = try work.directory.write("other.pub", otherKey.publicKey.pem).path
        let refused = try read("key", work, offset: 10, length: 20, ["--public-key", otherPublic])
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("Read failed with error: "), "\(refused.stderr)")
        // A certificate verifier refuses a key signature rather than reading it.
        let wrongMethod = try read("certificate", work, offset: 10, length: 20, ["--certificate-chain", work.files.root])
        #expect(wrongMethod.status == 1)
    }
}

/// `read sigstore` on the keyless signature the reference 1.1.0 made (offline, bundled root).
@Suite(.enabled(if: TestEnvironment.hasCLI && TestEnvironment.hasVectors, "needs the model-signing binary and the vectors"))
struct ReadSigstoreCLITests {
    static let identity = "stefanb@us.ibm.com"
    static let issuer = "https://sigstore.verify.ibm.com/oauth2"

    private func read(model: String, identity: String = identity, _ extra: [String] = []) throws -> ProcessResult {
        try ProcessRunner.cli(["read", "sigstore", model, "--signature", model + "/model.sig", "--path", "signme-1",
                               "--identity", identity, "--identity_provider", Self.issuer] + extra)
    }

    @Test func readsAFileOfAKeylessSignedModel() throws {
        let model = TestEnvironment.vector("oms/historical/v1.1.0-sigstore").path
        let work = try TemporaryDirectory("read-sigstore")
        defer { work.remove() }
        let output = work.appending("out.bin").path
        let result = try read(model: model, ["--output", output, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let expected = try Data(contentsOf: URL(fileURLWithPath: model + "/signme-1"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: output)) == expected)
        #expect(result.stdout.contains(#""bytes":\#(expected.count)"#), "\(result.stdout)")
        #expect(result.stdout.hasPrefix(#"{"status":"success","operation":"read""#))
    }

    @Test func refusesAnotherIdentityAndATamperedFile() throws {
        let model = TestEnvironment.vector("oms/historical/v1.1.0-sigstore").path
        let stranger = try read(model: model, identity: "someone@us.ibm.com")
        #expect(stranger.status == 1)
        #expect(stranger.stderr.hasPrefix("Read failed with error: "))
        #expect(stranger.stderr.contains("identity: no SubjectAltName matches"), "\(stranger.stderr)")

        let work = try TemporaryDirectory("read-sigstore")
        defer { work.remove() }
        let copy = work.appending("model")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: model), to: copy)
        for file in try FileManager.default.contentsOfDirectory(atPath: copy.path) {
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: copy.appendingPathComponent(file).path)
        }
        var bytes = try Data(contentsOf: copy.appendingPathComponent("signme-1"))
        bytes[0] ^= 0x01
        try bytes.write(to: copy.appendingPathComponent("signme-1"))
        let tampered = try read(model: copy.path)
        #expect(tampered.status == 1)
        #expect(tampered.stderr.contains("signme-1"), "\(tampered.stderr)")
    }
}
