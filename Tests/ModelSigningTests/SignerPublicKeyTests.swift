import Foundation
import ModelSigning
import ModelSigningTestSupport
import Testing

/// Reading signer public keys: EC and RSA (rsaEncryption, 2048 to 8192 bits); RSA-PSS and
/// other algorithms refused by name.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"), "needs the openssl command"))
struct SignerPublicKeyTests {
    private func publicKeyPEM(_ generate: [String]) throws -> String {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let openssl = URL(fileURLWithPath: "/usr/bin/openssl")
        let key = directory.appending("key.pem").path
        for arguments in [generate + ["-out", key], ["pkey", "-in", key, "-pubout"]] {
            let result = try ProcessRunner.run(openssl, arguments)
            guard result.succeeded else { throw TestSupportError("openssl \(arguments): \(result.stderr)") }
            if arguments.first == "pkey" { return result.stdout }
        }
        return ""
    }

    @Test func rsaKeyIsReadWithItsSizeHintAndKeyDetails() throws {
        let pem = try publicKeyPEM(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:3072"])
        let key = try SignerPublicKey(pem: pem)
        guard case .rsa(let rsa) = key else { Issue.record("read as \(key.algorithmName)"); return }
        #expect(rsa.bits == 3072)
        #expect(key.algorithmName == "RSA 3072-bit")
        #expect(key.keyDetails == "PKIX_RSA_PKCS1V15_3072_SHA256")
        // OpenSSL writes the same PEM we do, so the hint is over the user's own file text.
        #expect(key.pem == pem)
    }

    @Test func ecKeyIsStillAnECKey() throws {
        let key = try SignerPublicKey(pem: ECPrivateKey.generate(curve: .p384).publicKey.pem)
        #expect(key.algorithmName == "ECDSA P-384")
        #expect(key.keyDetails == "PKIX_ECDSA_P384_SHA_384")
    }

    @Test(arguments: [(["genpkey", "-algorithm", "RSA-PSS", "-pkeyopt", "rsa_keygen_bits:2048"], "RSA-PSS"),
                      (["genpkey", "-algorithm", "ED25519"], "Ed25519"),
                      (["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024"], "1024 bits, fewer than the 2048 required")])
    func otherKeysAreRefusedByName(generate: [String], named: String) throws {
        let pem = try publicKeyPEM(generate)
        do throws(ModelSigningError) {
            _ = try SignerPublicKey(pem: pem)
            Issue.record("accepted \(generate)")
        } catch {
            #expect(error.code == .key)
            #expect(error.description.contains(named), "\(error)")
        }
    }
}
