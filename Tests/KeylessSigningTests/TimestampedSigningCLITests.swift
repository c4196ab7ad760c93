import Foundation
import ModelSigning
import ModelSigningTestSupport
import Sigstore
import SigstoreLocal
import Testing

/// `sign key|certificate|pkcs11-key … --tsa-url` and `verify key|certificate
/// --tsa-certificate-chain` against the loopback TSA (`openssl ts -reply`), and the reference
/// model_signing 1.1.1 verifying the timestamped signatures.
@Suite(.enabled(if: TestEnvironment.hasCLI, "needs the model-signing binary"), .serialized)
struct TimestampedSigningCLITests {
    /// Runs a command off the Swift concurrency pool, which serves the in-process TSA.
    static func run(_ executable: URL, _ arguments: [String], environment: [String: String] = [:]) async throws -> ProcessResult {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result {
                    try ProcessRunner.run(executable, arguments, environment: environment, timeout: 300)
                })
            }
        }
    }

    static func ours(_ arguments: [String], environment: [String: String] = [:]) async throws -> ProcessResult {
        try await run(try #require(TestEnvironment.cli), arguments, environment: environment)
    }

    static func timestampCount(_ path: String) throws -> Int {
        try SigstoreBundle.parse(Array(Data(contentsOf: URL(fileURLWithPath: path)))).verificationMaterial.rfc3161Timestamps.count
    }

    static func occurrences(of needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    /// A model signed by `sign key` without a timestamp: the model, the key files, the signature.
    static func signedWithoutTimestamp(in directory: TemporaryDirectory) async throws
        -> (model: String, keys: (privateKey: String, publicKey: String), signature: String) {
        let model = try KeylessLoopbackTests.model(in: directory).path
        let keys = try directory.writeKeyPair()
        let signature = directory.appending("model.sig").path
        let sign = try await ours(["sign", "key", model, "--private-key", keys.privateKey, "--signature", signature])
        try #require(sign.status == 0, "\(sign.stderr)")
        return (model, keys, signature)
    }

    @Test(arguments: [1, 2]) func keySignatureWithTimestampsVerifies(authorities: Int) async throws {
        try await KeylessLoopbackTests.withStack { stack, directory in
            let model = try KeylessLoopbackTests.model(in: directory).path
            let keys = try directory.writeKeyPair()
            let signature = directory.appending("model.sig").path
            // Both spellings, one timestamp each.
            let urls = [["--tsa-url", stack.tsaURL], ["--tsa_url", stack.tsaURL]].prefix(authorities).flatMap { $0 }
            let sign = try await Self.ours(["sign", "key", model, "--private-key", keys.privateKey, "--signature", signature] + urls)
            #expect(sign.status == 0, "\(sign.stderr)")
            #expect(sign.stdout == "Signing succeeded\n")
            #expect(try Self.timestampCount(signature) == authorities)

            let verify = try await Self.ours(["verify", "key", model, "--public-key", keys.publicKey, "--signature", signature,
                                              "--tsa-certificate-chain", stack.tsaCertificateChainPath, "--json"])
            #expect(verify.status == 0, "\(verify.stderr)")
            #expect(Self.occurrences(of: "\"authority\":", in: verify.stdout) == authorities, "\(verify.stdout)")
            #expect(verify.stderr.isEmpty, "\(verify.stderr)")

            let unchecked = try await Self.ours(["verify", "key", model, "--public-key", keys.publicKey, "--signature", signature])
            #expect(unchecked.status == 0, "\(unchecked.stderr)")
            #expect(unchecked.stderr.contains("carries \(authorities) RFC 3161 timestamp(s), not checked without --tsa-certificate-chain"),
                    "\(unchecked.stderr)")
        }
    }

    @Test(arguments: [1, 2]) func certificateSignatureWithTimestampsVerifies(authorities: Int) async throws {
        try await KeylessLoopbackTests.withStack { stack, directory in
            let model = try KeylessLoopbackTests.model(in: directory).path
            let files = try TimestampedSigningTests.pki(in: directory)
            let signature = directory.appending("model.sig").path
            let urls = Array(repeating: ["--tsa-url", stack.tsaURL], count: authorities).flatMap { $0 }
            let sign = try await Self.ours(["sign", "certificate", model, "--private-key", files.leafKey, "--signing-certificate", files.leaf,
                                            "--certificate-chain", files.intermediate, "--signature", signature] + urls)
            #expect(sign.status == 0, "\(sign.stderr)")
            #expect(try Self.timestampCount(signature) == authorities)
            let verify = try await Self.ours(["verify", "certificate", model, "--signature", signature, "--certificate-chain", files.root,
                                              "--tsa-certificate-chain", stack.tsaCertificateChainPath, "--json"])
            #expect(verify.status == 0, "\(verify.stderr)")
            #expect(Self.occurrences(of: "\"authority\":", in: verify.stdout) == authorities, "\(verify.stdout)")
        }
    }

    /// `read key|certificate` check timestamps as `verify` does: with trusted authorities the
    /// timestamps must verify (and one must be present), and `--json` lists them.
    @Test func readChecksTimestampsLikeVerify() async throws {
        try await KeylessLoopbackTests.withStack { stack, directory in
            let model = try KeylessLoopbackTests.model(in: directory).path
            let keys = try directory.writeKeyPair()
            let stamped = directory.appending("stamped.sig").path
            let sign = try await Self.ours(["sign", "key", model, "--private-key", keys.privateKey, "--signature", stamped,
                                            "--tsa-url", stack.tsaURL])
            try #require(sign.status == 0, "\(sign.stderr)")
            let read = ["read", "key", model, "--public-key", keys.publicKey, "--path", "config.json", "--json"]
            let checked = try await Self.ours(read + ["--signature", stamped, "--tsa-certificate-chain", stack.tsaCertificateChainPath])
            #expect(checked.status == 0, "\(checked.stderr)")
            #expect(Self.occurrences(of: "\"authority\":", in: checked.stdout) == 1, "\(checked.stdout)")
            #expect(checked.stdout.contains("\"bytes\":14"), "\(checked.stdout)")

            let unchecked = try await Self.ours(read + ["--signature", stamped])
            #expect(unchecked.status == 0, "\(unchecked.stderr)")
            #expect(unchecked.stderr.contains("carries 1 RFC 3161 timestamp(s), not checked"), "\(unchecked.stderr)")

            // Another TSA's chain: the timestamp is not from a trusted authority.
            try await KeylessLoopbackTests.withStack { other, _ in
                let untrusted = try await Self.ours(read + ["--signature", stamped, "--tsa-certificate-chain", other.tsaCertificateChainPath])
                #expect(untrusted.status == 1)
                #expect(untrusted.stderr.contains("timestamp #1 is not signed by a trusted timestamp authority"), "\(untrusted.stderr)")
            }

            let plain = directory.appending("plain.sig").path
            let signPlain = try await Self.ours(["sign", "key", model, "--private-key", keys.privateKey, "--signature", plain])
            try #require(signPlain.status == 0, "\(signPlain.stderr)")
            let missing = try await Self.ours(["read", "key", model, "--public-key", keys.publicKey, "--path", "config.json",
                                               "--signature", plain, "--tsa-certificate-chain", stack.tsaCertificateChainPath])
            #expect(missing.status == 1)
            #expect(missing.stderr.contains("the signature carries no RFC 3161 timestamp"), "\(missing.stderr)")

            let files = try TimestampedSigningTests.pki(in: directory)
            let certificateSignature = directory.appending("certificate.sig").path
            let signCertificate = try await Self.ours(["sign", "certificate", model, "--private-key", files.leafKey,
                                                       "--signing-certificate", files.leaf, "--certificate-chain", files.intermediate,
                                                       "--signature", certificateSignature, "--tsa-url", stack.tsaURL])
            try #require(signCertificate.status == 0, "\(signCertificate.stderr)")
            let readCertificate = try await Self.ours(["read", "certificate", model, "--signature", certificateSignature,
                                                       "--certificate-chain", files.root, "--path", "weights.bin", "--length", "100",
                                                       "--tsa-certificate-chain", stack.tsaCertificateChainPath, "--json"])
            #expect(readCertificate.status == 0, "\(readCertificate.stderr)")
            #expect(Self.occurrences(of: "\"authority\":", in: readCertificate.stdout) == 1, "\(readCertificate.stdout)")
            let combined = try await Self.ours(["read", "certificate", model, "--signature", certificateSignature,
                                                "--certificate-chain", files.root, "--path", "weights.bin",
                                                "--tsa-certificate-chain", stack.tsaCertificateChainPath,
                                                "--validation-time", "2026-01-01T00:00:00Z"])
            #expect(combined.status != 0)
            #expect(combined.stderr.contains("--validation-time and --tsa-certificate-chain"), "\(combined.stderr)")
        }
    }

    @Test func twoAuthoritiesNeedBothChains() async throws {
        // A second loopback Sigstore: another, independent TSA.
        try await KeylessLoopbackTests.withStack { other, _ in
            try await KeylessLoopbackTests.withStack { stack, directory in
                let model = try KeylessLoopbackTests.model(in: directory).path
                let keys = try directory.writeKeyPair()
                let signature = directory.appending("model.sig").path
                let sign = try await Self.ours(["sign", "key", model, "--private-key", keys.privateKey, "--signature", signature,
                                                "--tsa-url", stack.tsaURL, "--tsa-url", other.tsaURL])
                #expect(sign.status == 0, "\(sign.stderr)")
                let base = ["verify", "key", model, "--public-key", keys.publicKey, "--signature", signature]
                let both = try await Self.ours(base + ["--tsa-certificate-chain", stack.tsaCertificateChainPath,
                                                       "--tsa-certificate-chain", other.tsaCertificateChainPath])
                #expect(both.status == 0, "\(both.stderr)")
                // Only the first authority trusted: the second timestamp is from an untrusted TSA.
                let one = try await Self.ours(base + ["--tsa-certificate-chain", stack.tsaCertificateChainPath])
                #expect(one.status == 1)
                #expect(one.stderr.contains("timestamp #2 is not signed by a trusted timestamp authority"), "\(one.stderr)")
            }
        }
    }

    @Test func signatureWithoutTimestampFailsWhenAChainIsGiven() async throws {
        try await KeylessLoopbackTests.withStack { stack, directory in
            let (model, keys, signature) = try await Self.signedWithoutTimestamp(in: directory)
            let verify = try await Self.ours(["verify", "key", model, "--public-key", keys.publicKey, "--signature", signature,
                                              "--tsa-certificate-chain", stack.tsaCertificateChainPath])
            #expect(verify.status == 1)
            #expect(verify.stderr.contains("the signature carries no RFC 3161 timestamp"), "\(verify.stderr)")
        }
    }

    @Test func tsaDownFailsTheSigningAndLeavesTheSignatureIntact() async throws {
        try await KeylessLoopbackTests.withStack { stack, directory in
            let (model, keys, signature) = try await Self.signedWithoutTimestamp(in: directory)
            let before = try Data(contentsOf: URL(fileURLWithPath: signature))

            await stack.setFault(.down(.tsa))
            // A refused connection is retried until the attempt's deadline: keep it short.
            let started = Date()
            let sign = try await Self.ours(["sign", "key", model, "--private-key", keys.privateKey, "--signature", signature,
                                            "--tsa-url", stack.tsaURL, "--tsa-timeout", "2"])
            #expect(Date().timeIntervalSince(started) < 60, "3 attempts of 2 s and the backoff between them")
            #expect(sign.status == 1)
            #expect(sign.stderr.hasPrefix("Signing failed with error: "), "\(sign.stderr)")
            #expect(sign.stderr.contains("the timestamp authority at \(stack.tsaURL)"), "\(sign.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: signature)) == before, "the earlier signature must be left as it was")
            let fresh = directory.appending("fresh.sig").path
            let second = try await Self.ours(["sign", "key", model, "--private-key", keys.privateKey, "--signature", fresh,
                                              "--tsa-url", stack.tsaURL, "--tsa_timeout", "2"])
            #expect(second.status == 1)
            #expect(!FileManager.default.fileExists(atPath: fresh))
            await stack.setFault(nil)
        }
    }

    @Test func pkcs11KeySignatureWithATimestampVerifies() async throws {
        try await KeylessLoopbackTests.withStack { stack, directory in
            let model = try KeylessLoopbackTests.model(in: directory).path
            let token = try SoftHSMToken(in: directory)
            let publicKey = try token.generateKeyPair(curve: .p256, object: "signing-key", id: "01")
            let signature = directory.appending("model.sig").path
            let sign = try await Self.ours(["sign", "pkcs11-key", model, "--pkcs11-uri", token.uri(pinValue: token.pin),
                                            "--signature", signature, "--tsa-url", stack.tsaURL], environment: token.environment)
            #expect(sign.status == 0, "\(sign.stderr)")
            #expect(try Self.timestampCount(signature) == 1)
            let verify = try await Self.ours(["verify", "key", model, "--public-key", publicKey, "--signature", signature,
                                              "--tsa-certificate-chain", stack.tsaCertificateChainPath])
            #expect(verify.status == 0, "\(verify.stderr)")
        }
    }

    @Test func externalCertificateSignatureWithATimestampVerifies() async throws {
        try await KeylessLoopbackTests.withStack { stack, directory in
            let model = try KeylessLoopbackTests.model(in: directory).path
            let files = try TimestampedSigningTests.pki(in: directory)
            let signature = directory.appending("model.sig").path
            let sign = try await Self.ours(["sign", "external", model, "--signer-command", "openssl dgst -sha256 -sign '\(files.leafKey)'",
                                            "--signing-certificate", files.leaf, "--certificate-chain", files.intermediate,
                                            "--signature", signature, "--tsa-url", stack.tsaURL])
            #expect(sign.status == 0, "\(sign.stderr)")
            #expect(try Self.timestampCount(signature) == 1)
            let verify = try await Self.ours(["verify", "certificate", model, "--signature", signature, "--certificate-chain", files.root,
                                              "--tsa-certificate-chain", stack.tsaCertificateChainPath])
            #expect(verify.status == 0, "\(verify.stderr)")
        }
    }

    @Test(.enabled(if: TestEnvironment.hasReference, "needs the reference venv"))
    func referenceVerifiesTimestampedKeyAndCertificateSignatures() async throws {
        try await KeylessLoopbackTests.withStack { stack, directory in
            let model = try KeylessLoopbackTests.model(in: directory).path
            let reference = try #require(TestEnvironment.referenceCLI)
            let keys = try directory.writeKeyPair()
            let keySignature = directory.appending("key.sig").path
            let signKey = try await Self.ours(["sign", "key", model, "--private-key", keys.privateKey, "--signature", keySignature,
                                               "--tsa-url", stack.tsaURL, "--tsa-url", stack.tsaURL])
            #expect(signKey.status == 0, "\(signKey.stderr)")
            let verifyKey = try await Self.run(reference, ["verify", "key", model, "--signature", keySignature, "--public_key", keys.publicKey])
            #expect(verifyKey.status == 0, "reference refused our timestamped key signature: \(verifyKey.stderr)")

            let files = try TimestampedSigningTests.pki(in: directory)
            let certificateSignature = directory.appending("certificate.sig").path
            let signCertificate = try await Self.ours(["sign", "certificate", model, "--private-key", files.leafKey,
                                                       "--signing-certificate", files.leaf, "--certificate-chain", files.intermediate,
                                                       "--signature", certificateSignature, "--tsa-url", stack.tsaURL])
            #expect(signCertificate.status == 0, "\(signCertificate.stderr)")
            let verifyCertificate = try await Self.run(reference, ["verify", "certificate", model, "--signature", certificateSignature,
                                                                   "--certificate_chain", files.root])
            #expect(verifyCertificate.status == 0, "reference refused our timestamped certificate signature: \(verifyCertificate.stderr)")
        }
    }
}
