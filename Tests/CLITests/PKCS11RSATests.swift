import Foundation
import ModelSigning
import ModelSigningTestSupport
import Testing
import X509

/// RSA keys: `sign pkcs11-key|pkcs11-certificate` with RSA keys generated on a SoftHSM2 token
/// (RSASSA-PKCS1-v1_5 over SHA-256, as the Go port signs), checked by `verify key|certificate`
/// and independently by `openssl dgst -sha256 -verify`; `sign external` with an OpenSSL RSA
/// key; keys under 2048 bits refused on both sides.
@Suite(.enabled(if: TestEnvironment.hasCLI, "needs the model-signing binary"))
struct PKCS11RSATests {
    /// A token with one RSA key, a small model and where the signature goes.
    struct Fixture {
        let directory: TemporaryDirectory
        let token: SoftHSMToken
        let model: String
        let signature: String
        let publicKey: String

        init(bits: Int) throws {
            directory = try TemporaryDirectory()
            token = try SoftHSMToken(in: directory)
            publicKey = try token.generateRSAKeyPair(bits: bits, object: "signing-key", id: "01")
            try directory.write("model/weights.bin", Data((0..<10_000).map { UInt8($0 % 251) }))
            try directory.write("model/config.json", "{\"layers\": 3}")
            model = directory.appending("model").path
            signature = directory.appending("model.sig").path
        }

        var signatureExists: Bool { FileManager.default.fileExists(atPath: signature) }

        func signKey() throws -> ProcessResult {
            try token.cli(["sign", "pkcs11-key", model, "--pkcs11-uri", token.uri(pinValue: token.pin), "--signature", signature])
        }
    }

    @Test(arguments: [2048, 3072, 4096])
    func keySignatureVerifiesWithUsAndOpenSSL(bits: Int) throws {
        let fixture = try Fixture(bits: bits)
        defer { fixture.directory.remove() }
        let sign = try fixture.signKey()
        #expect(sign.status == 0, "\(sign.stderr)")
        let verify = try ProcessRunner.cli(["verify", "key", fixture.model, "--signature", fixture.signature,
                                            "--public-key", fixture.publicKey, "--json"])
        #expect(verify.status == 0, "\(verify.stderr)")

        // The bundle names the key by the hint of its PEM, as for EC keys and in the Go port.
        let key = try SignerPublicKey(contentsOf: fixture.publicKey)
        guard case .rsa(let rsa) = key else { Issue.record("not read as RSA: \(key.algorithmName)"); return }
        #expect(rsa.bits == bits)
        let bundle = try PKCS11RSATests.json(at: fixture.signature)
        let material = try #require(bundle["verificationMaterial"] as? [String: Any])
        #expect((material["publicKey"] as? [String: Any])?["hint"] as? String == key.hint)

        // OpenSSL, an independent implementation, checks the DSSE signature as PKCS #1 v1.5 over SHA-256.
        try PKCS11RSATests.expectOpenSSLVerifies(signature: fixture.signature, publicKey: fixture.publicKey, in: fixture.directory)

        // Tampering is noticed.
        try Data("{\"layers\": 4}".utf8).write(to: URL(fileURLWithPath: fixture.model + "/config.json"))
        let tampered = try ProcessRunner.cli(["verify", "key", fixture.model, "--signature", fixture.signature,
                                              "--public-key", fixture.publicKey])
        #expect(tampered.status == 1)
        #expect(tampered.stderr.contains("config.json"), "\(tampered.stderr)")
    }

    @Test func certificateSignatureWithAnRSALeafVerifies() throws {
        let fixture = try Fixture(bits: 2048)
        defer { fixture.directory.remove() }
        let root = try TestPKI.authority(commonName: "RSA test root", key: .rsa(bits: 3072))
        let intermediate = try TestPKI.authority(commonName: "RSA test intermediate", key: .rsa(bits: 2048), issuer: root)
        let tokenKey = try Certificate.PublicKey(pemEncoded: String(contentsOfFile: fixture.publicKey, encoding: .utf8))
        let leaf = try TestPKI.leaf(commonName: "rsa hsm signer", issuer: intermediate, publicKey: tokenKey)
        let files = try TestPKI.write(root: root, intermediate: intermediate, leaf: leaf, into: fixture.directory)
        let sign = try fixture.token.cli(["sign", "pkcs11-certificate", fixture.model,
                                          "--pkcs11-uri", fixture.token.uri(pinValue: fixture.token.pin),
                                          "--signing-certificate", files.leaf, "--certificate-chain", files.intermediate,
                                          "--signature", fixture.signature])
        #expect(sign.status == 0, "\(sign.stderr)")
        let verify = try ProcessRunner.cli(["verify", "certificate", fixture.model, "--signature", fixture.signature,
                                            "--certificate-chain", files.root])
        #expect(verify.status == 0, "\(verify.stderr)")
        try PKCS11RSATests.expectOpenSSLVerifies(signature: fixture.signature, publicKey: fixture.publicKey, in: fixture.directory)

        try Data("changed".utf8).write(to: URL(fileURLWithPath: fixture.model + "/weights.bin"))
        let tampered = try ProcessRunner.cli(["verify", "certificate", fixture.model, "--signature", fixture.signature,
                                              "--certificate-chain", files.root])
        #expect(tampered.status == 1)
    }

    @Test func rsaKeyUnder2048BitsIsRefusedWhenSigning() throws {
        let fixture = try Fixture(bits: 1024)
        defer { fixture.directory.remove() }
        let sign = try fixture.signKey()
        #expect(sign.status == 1)
        #expect(sign.stderr.contains("the RSA key has 1024 bits, fewer than the 2048 required"), "\(sign.stderr)")
        #expect(!fixture.signatureExists)
    }

    @Test func rsaKeyUnder2048BitsIsRefusedWhenVerifying() throws {
        let fixture = try Fixture(bits: 2048)
        defer { fixture.directory.remove() }
        #expect(try fixture.signKey().status == 0)
        let small = try PKCS11RSATests.openSSLKeyPair(bits: 1024, in: fixture.directory)
        let verify = try ProcessRunner.cli(["verify", "key", fixture.model, "--signature", fixture.signature,
                                            "--public-key", small.publicKey])
        #expect(verify.status == 1)
        #expect(verify.stderr.contains("fewer than the 2048 required"), "\(verify.stderr)")
        #expect(verify.stderr.contains(small.publicKey), "names the file: \(verify.stderr)")
    }

    @Test func anotherRSAKeyIsRefused() throws {
        let fixture = try Fixture(bits: 2048)
        defer { fixture.directory.remove() }
        #expect(try fixture.signKey().status == 0)
        let other = try PKCS11RSATests.openSSLKeyPair(bits: 2048, in: fixture.directory)
        let verify = try ProcessRunner.cli(["verify", "key", fixture.model, "--signature", fixture.signature,
                                            "--public-key", other.publicKey])
        #expect(verify.status == 1)
        #expect(verify.stderr.contains("the signature names key"), "\(verify.stderr)")
    }

    @Test func externalOpenSSLSignerWithAnRSAKey() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("model/weights.bin", Data((0..<4_000).map { UInt8($0 % 247) }))
        let model = directory.appending("model").path
        let signature = directory.appending("model.sig").path
        let keys = try PKCS11RSATests.openSSLKeyPair(bits: 3072, in: directory)
        let sign = try ProcessRunner.cli(["sign", "external", model, "--signer-command", "openssl dgst -sha256 -sign '\(keys.privateKey)'",
                                          "--public-key", keys.publicKey, "--signature", signature])
        #expect(sign.status == 0, "\(sign.stderr)")
        let verify = try ProcessRunner.cli(["verify", "key", model, "--signature", signature, "--public-key", keys.publicKey])
        #expect(verify.status == 0, "\(verify.stderr)")

        // RSA-PSS is another algorithm: a PSS signature is caught before anything is written.
        let pss = try ProcessRunner.cli(["sign", "external", model, "--signer-command",
                                         "openssl dgst -sha256 -sigopt rsa_padding_mode:pss -sign '\(keys.privateKey)'",
                                         "--public-key", keys.publicKey, "--signature", signature + ".pss"])
        #expect(pss.status == 1)
        #expect(pss.stderr.contains("does not verify with its RSA 3072-bit public key"), "\(pss.stderr)")
        #expect(!FileManager.default.fileExists(atPath: signature + ".pss"))
    }

    // MARK: - Helpers

    static func json(at path: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
        return try #require(object as? [String: Any])
    }

    /// `openssl dgst -sha256 -verify` over the DSSE pre-authentication encoding of the bundle's envelope.
    static func expectOpenSSLVerifies(signature: String, publicKey: String, in directory: TemporaryDirectory) throws {
        let bundle = try json(at: signature)
        let envelope = try #require(bundle["dsseEnvelope"] as? [String: Any])
        let payloadText = try #require(envelope["payload"] as? String)
        let payload = try #require(Data(base64Encoded: payloadText))
        let payloadType = try #require(envelope["payloadType"] as? String)
        let signatures = try #require(envelope["signatures"] as? [[String: Any]])
        let signatureText = try #require(signatures.first?["sig"] as? String)
        let raw = try #require(Data(base64Encoded: signatureText))
        var pae = Data("DSSEv1 \(payloadType.utf8.count) \(payloadType) \(payload.count) ".utf8)
        pae.append(payload)
        let paePath = try directory.write("pae.bin", pae).path
        let signaturePath = try directory.write("signature.bin", raw).path
        let result = try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/openssl"),
                                           ["dgst", "-sha256", "-verify", publicKey, "-signature", signaturePath, paePath])
        #expect(result.status == 0 && result.stdout.contains("Verified OK"), "openssl: \(result.stdout) \(result.stderr)")
    }

    /// An RSA key pair made by OpenSSL: PKCS #8 private key and SubjectPublicKeyInfo PEM paths.
    static func openSSLKeyPair(bits: Int, in directory: TemporaryDirectory) throws -> (privateKey: String, publicKey: String) {
        let privateKey = directory.appending("rsa-\(bits).pem").path
        let publicKey = directory.appending("rsa-\(bits).pub").path
        let openssl = URL(fileURLWithPath: "/usr/bin/openssl")
        for arguments in [["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:\(bits)", "-out", privateKey],
                          ["pkey", "-in", privateKey, "-pubout", "-out", publicKey]] {
            let result = try ProcessRunner.run(openssl, arguments)
            guard result.succeeded else { throw TestSupportError("openssl \(arguments): \(result.stderr)") }
        }
        return (privateKey, publicKey)
    }
}
