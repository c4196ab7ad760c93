import Foundation
import ModelSigning
import ModelSigningTestSupport
import Testing

/// `sign external`: a shell script around `openssl dgst -sign` signs; failures of the command
/// are reported and leave no signature file.
@Suite(.enabled(if: TestEnvironment.hasCLI, "needs the model-signing binary"))
struct ExternalSignerCLITests {
    struct Fixture {
        let directory: TemporaryDirectory
        let model: String
        let signature: String
        let privateKey: String
        let publicKey: String

        init(curve: ECCurve = .p256) throws {
            directory = try TemporaryDirectory()
            (privateKey, publicKey) = try directory.writeKeyPair(curve: curve)
            try directory.write("model/weights.bin", Data((0..<5_000).map { UInt8($0 % 249) }))
            try directory.write("model/tokenizer.json", "{}")
            model = directory.appending("model").path
            signature = directory.appending("model.sig").path
        }

        /// An executable script that signs stdin with `openssl dgst -<hash> -sign`.
        func opensslSigner(hash: String = "sha256", key: String? = nil) throws -> String {
            let script = try directory.write("sign.sh", """
                #!/bin/sh
                exec openssl dgst -\(hash) -sign '\(key ?? privateKey)'

                """)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
            return script.path
        }

        var signatureExists: Bool { FileManager.default.fileExists(atPath: signature) }
    }

    @Test(arguments: [(ECCurve.p256, "sha256"), (.p384, "sha384")])
    func opensslScriptSignsAKeySignature(curve: ECCurve, hash: String) throws {
        let fixture = try Fixture(curve: curve)
        defer { fixture.directory.remove() }
        let sign = try ProcessRunner.cli(["sign", "external", fixture.model, "--signer-command", fixture.opensslSigner(hash: hash),
                                          "--public-key", fixture.publicKey, "--signature", fixture.signature])
        #expect(sign.status == 0, "\(sign.stderr)")
        let verify = try ProcessRunner.cli(["verify", "key", fixture.model, "--signature", fixture.signature,
                                            "--public-key", fixture.publicKey])
        #expect(verify.status == 0, "\(verify.stderr)")
        if TestEnvironment.hasReference {
            let reference = try ProcessRunner.referenceCLI(["verify", "key", fixture.model, "--signature", fixture.signature,
                                                            "--public_key", fixture.publicKey])
            #expect(reference.status == 0, "reference refused an external-signer signature: \(reference.stderr)")
        }
    }

    @Test func opensslScriptSignsACertificateSignature() throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        let root = try TestPKI.authority(commonName: "external root", key: .ec(.p256))
        let intermediate = try TestPKI.authority(commonName: "external intermediate", key: .ec(.p256), issuer: root)
        let leaf = try TestPKI.leaf(commonName: "kms signer", issuer: intermediate)
        let files = try TestPKI.write(root: root, intermediate: intermediate, leaf: leaf, into: fixture.directory)
        let sign = try ProcessRunner.cli(["sign", "external", fixture.model,
                                          "--signer_command", "openssl dgst -sha256 -sign '\(files.leafKey)'",
                                          "--signing_certificate", files.leaf, "--certificate_chain", files.intermediate,
                                          "--signature", fixture.signature])
        #expect(sign.status == 0, "\(sign.stderr)")
        let verify = try ProcessRunner.cli(["verify", "certificate", fixture.model, "--signature", fixture.signature,
                                            "--certificate-chain", files.root])
        #expect(verify.status == 0, "\(verify.stderr)")
    }

    @Test func failingCommandReportsItsStandardError() throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        let sign = try ProcessRunner.cli(["sign", "external", fixture.model, "--signer-command", "echo 'kms: access denied' >&2; exit 3",
                                          "--public-key", fixture.publicKey, "--signature", fixture.signature])
        #expect(sign.status == 1)
        #expect(sign.stderr.contains("exited with status 3: kms: access denied"), "\(sign.stderr)")
        #expect(!fixture.signatureExists)
    }

    @Test func signatureByAnotherKeyIsRefusedBeforeWriting() throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        let other = try fixture.directory.write("other.pem", ECPrivateKey.generate(curve: .p256).pkcs8PEM).path
        let sign = try ProcessRunner.cli(["sign", "external", fixture.model, "--signer-command", fixture.opensslSigner(key: other),
                                          "--public-key", fixture.publicKey, "--signature", fixture.signature])
        #expect(sign.status == 1)
        #expect(sign.stderr.contains("does not verify with its ECDSA P-256 public key"), "\(sign.stderr)")
        #expect(!fixture.signatureExists)
    }

    @Test func emptyAndOversizedOutputAreRefused() throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        let empty = try ProcessRunner.cli(["sign", "external", fixture.model, "--signer-command", "cat > /dev/null",
                                           "--public-key", fixture.publicKey, "--signature", fixture.signature])
        #expect(empty.status == 1)
        #expect(empty.stderr.contains("printed no signature"), "\(empty.stderr)")
        let huge = try ProcessRunner.cli(["sign", "external", fixture.model, "--signer-command", "head -c 10000000 /dev/zero",
                                          "--public-key", fixture.publicKey, "--signature", fixture.signature])
        #expect(huge.status == 1)
        #expect(huge.stderr.contains("printed more than 65536 bytes"), "\(huge.stderr)")
        #expect(!fixture.signatureExists)
    }

    @Test func commandThatHangsIsStoppedAtTheTimeout() throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        let started = Date()
        let sign = try ProcessRunner.cli(["sign", "external", fixture.model, "--signer-command", "exec sleep 30",
                                          "--signer-timeout", "1", "--public-key", fixture.publicKey,
                                          "--signature", fixture.signature])
        #expect(sign.status == 1)
        #expect(sign.stderr.contains("no signature within 1"), "\(sign.stderr)")
        #expect(Date().timeIntervalSince(started) < 15)
        #expect(!fixture.signatureExists)
    }

    @Test func exactlyOneKeySourceIsRequired() throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        let neither = try ProcessRunner.cli(["sign", "external", fixture.model, "--signer-command", "true"])
        #expect(neither.status != 0)
        #expect(neither.stderr.contains("exactly one of --public-key and --signing-certificate"), "\(neither.stderr)")
    }
}
