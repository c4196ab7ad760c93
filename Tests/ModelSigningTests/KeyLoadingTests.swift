import Foundation
import ModelSigning
import ModelSigningTestSupport
import Testing

/// Private and public key files in the forms OpenSSL writes, made at test time.
private let opensslURL = URL(fileURLWithPath: "/usr/bin/openssl")
private let hasOpenSSL = FileManager.default.isExecutableFile(atPath: opensslURL.path)

@Suite(.enabled(if: hasOpenSSL, "needs the openssl command"))
struct KeyLoadingTests {

    private func runOpenSSL(_ arguments: [String], in directory: TemporaryDirectory) throws {
        let result = try ProcessRunner.run(opensslURL, arguments, in: directory.url)
        guard result.succeeded else { throw TestSupportError("openssl \(arguments): \(result.stderr)") }
    }

    @Test(arguments: [("prime256v1", ECCurve.p256), ("secp384r1", .p384), ("secp521r1", .p521)])
    func readsSEC1PKCS8AndEncryptedPKCS8(curveName: String, curve: ECCurve) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try runOpenSSL(["ecparam", "-name", curveName, "-genkey", "-out", "sec1.pem"], in: directory)
        try runOpenSSL(["pkcs8", "-topk8", "-nocrypt", "-in", "sec1.pem", "-out", "pkcs8.pem"], in: directory)
        try runOpenSSL(["pkcs8", "-topk8", "-v2", "aes-256-cbc", "-passout", "pass:s3cret", "-in", "sec1.pem", "-out", "enc.pem"], in: directory)
        try runOpenSSL(["pkcs8", "-topk8", "-v2", "aes-128-cbc", "-v2prf", "hmacWithSHA512", "-passout", "pass:s3cret",
                     "-in", "sec1.pem", "-out", "enc128.pem"], in: directory)
        try runOpenSSL(["ec", "-in", "sec1.pem", "-pubout", "-out", "pub.pem"], in: directory)

        let publicKey = try ECPublicKey(contentsOf: directory.appending("pub.pem").path)
        #expect(publicKey.curve == curve)
        // The hint is over OpenSSL's own PEM text of the key.
        let pemText = try String(contentsOf: directory.appending("pub.pem"), encoding: .utf8)
        #expect(publicKey.pem == pemText)

        for (file, password) in [("sec1.pem", nil), ("pkcs8.pem", nil), ("enc.pem", "s3cret"), ("enc128.pem", "s3cret")] {
            let key = try ECPrivateKey(contentsOf: directory.appending(file).path, password: password)
            #expect(key.curve == curve)
            #expect(key.publicKey.hint == publicKey.hint)
            let signature = try key.signature(for: Array("message".utf8))
            #expect(publicKey.isValidSignature(signature, for: Array("message".utf8)))
        }
    }

    @Test func encryptedKeyNeedsTheRightPassword() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try runOpenSSL(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-aes256", "-pass", "pass:right",
                     "-out", "enc.pem"], in: directory)
        let path = directory.appending("enc.pem").path
        #expect(throws: ModelSigningError.self) { try ECPrivateKey(contentsOf: path) }
        #expect(throws: ModelSigningError.self) { try ECPrivateKey(contentsOf: path, password: "wrong") }
        #expect(try ECPrivateKey(contentsOf: path, password: "right").curve == .p256)
    }

    @Test(arguments: [["genpkey", "-algorithm", "ED25519"], ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
                      ["ecparam", "-name", "secp256k1", "-genkey", "-noout"]])
    func otherKeyTypesAreRefusedClearly(command: [String]) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try runOpenSSL(command + ["-out", "key.pem"], in: directory)
        do throws(ModelSigningError) {
            _ = try ECPrivateKey(contentsOf: directory.appending("key.pem").path)
            Issue.record("accepted \(command)")
        } catch {
            #expect(error.description.contains("only ECDSA P-256, P-384 and P-521"))
            #expect(error.description.contains("key.pem"))
        }
    }

    @Test func garbageIsRefused() throws {
        #expect(throws: ModelSigningError.self) { try ECPublicKey(pem: "hello") }
        #expect(throws: ModelSigningError.self) { try ECPrivateKey(pem: "-----BEGIN PRIVATE KEY-----\n!!!\n-----END PRIVATE KEY-----\n") }
        #expect(throws: ModelSigningError.self) { try ECPrivateKey(pem: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n") }
    }
}
