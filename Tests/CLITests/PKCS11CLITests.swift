import Foundation
import ModelSigning
import ModelSigningTestSupport
import Testing
import X509

/// `sign pkcs11-key` and `sign pkcs11-certificate` against a real SoftHSM2 token made by each
/// test in its own folder; the signatures verify with `verify key|certificate` (and, in
/// PKCS11InteropTests, with the reference).
@Suite(.enabled(if: TestEnvironment.hasCLI, "needs the model-signing binary"))
struct PKCS11CLITests {
    @Test(arguments: [ECCurve.p256, .p384])
    func keySignatureVerifiesWithTheTokensPublicKey(curve: ECCurve) throws {
        let fixture = try SoftHSMModelFixture(curve: curve)
        defer { fixture.directory.remove() }
        let sign = try fixture.signKey()
        #expect(sign.status == 0, "\(sign.stderr)")
        #expect(sign.stdout.contains("Signing succeeded"))
        let verify = try fixture.verifyKey()
        #expect(verify.status == 0, "\(verify.stderr)")

        // The token's key is on the requested curve.
        #expect(try ECPublicKey(contentsOf: fixture.publicKey).curve == curve)

        // Tampering is still noticed.
        try Data("changed".utf8).write(to: URL(fileURLWithPath: fixture.model + "/config.json"))
        let tampered = try fixture.verifyKey()
        #expect(tampered.status == 1)
    }

    @Test func underscoreSpellingAndPINFromAFile() throws {
        let fixture = try SoftHSMModelFixture()
        defer { fixture.directory.remove() }
        let pinFile = try fixture.directory.write("pin.txt", fixture.token.pin + "\n").path
        let uri = fixture.token.uri(object: nil, id: "%01", query: "&pin-source=file:" + pinFile)
        let sign = try fixture.token.cli(["sign", "pkcs11-key", fixture.model, "--pkcs11_uri", uri, "--signature", fixture.signature])
        #expect(sign.status == 0, "\(sign.stderr)")
        let verify = try fixture.verifyKey()
        #expect(verify.status == 0, "\(verify.stderr)")
    }

    @Test(arguments: [ECCurve.p256, .p384])
    func certificateSignatureVerifiesWithTheChain(curve: ECCurve) throws {
        let fixture = try SoftHSMModelFixture(curve: curve)
        defer { fixture.directory.remove() }
        let files = try fixture.certificateFiles(curve: curve)
        let sign = try fixture.signCertificate(files)
        #expect(sign.status == 0, "\(sign.stderr)")
        let verify = try fixture.verifyCertificate(root: files.root)
        #expect(verify.status == 0, "\(verify.stderr)")
    }

    @Test func certificateSuppliesThePublicKeyWhenTheTokenHasNone() throws {
        let fixture = try SoftHSMModelFixture()
        defer { fixture.directory.remove() }
        let files = try fixture.certificateFiles(curve: .p256)
        try fixture.token.deletePublicKey(id: "01")
        let keyOnly = try fixture.signKey()
        #expect(keyOnly.status == 1)
        #expect(keyOnly.stderr.contains("holds no public key matching object=signing-key"), "\(keyOnly.stderr)")
        #expect(!fixture.signatureExists)
        let sign = try fixture.signCertificate(files)
        #expect(sign.status == 0, "\(sign.stderr)")
        let verify = try fixture.verifyCertificate(root: files.root)
        #expect(verify.status == 0, "\(verify.stderr)")
    }

    @Test func certificateForAnotherKeyIsRefused() throws {
        let fixture = try SoftHSMModelFixture()
        defer { fixture.directory.remove() }
        let root = try TestPKI.authority(commonName: "root", key: .ec(.p256))
        let leaf = try TestPKI.leaf(commonName: "someone else", issuer: root)
        let leafPath = try fixture.directory.write("other-leaf.pem", leaf.certificatePEM).path
        let sign = try fixture.token.cli(["sign", "pkcs11-certificate", fixture.model,
                                          "--pkcs11-uri", fixture.token.uri(pinValue: fixture.token.pin),
                                          "--signing-certificate", leafPath, "--signature", fixture.signature])
        #expect(sign.status == 1)
        #expect(sign.stderr.contains("does not match the signing certificate"), "\(sign.stderr)")
        #expect(!fixture.signatureExists)
    }

    @Test func wrongPINIsAClearError() throws {
        let fixture = try SoftHSMModelFixture()
        defer { fixture.directory.remove() }
        let sign = try fixture.signKey(uri: fixture.token.uri(pinValue: "0000"))
        #expect(sign.status == 1)
        #expect(sign.stderr.contains("refused the PIN (CKR_PIN_INCORRECT)"), "\(sign.stderr)")
        #expect(!sign.stderr.contains("0000"), "the PIN must not be printed")
        #expect(!fixture.signatureExists)
    }

    @Test func missingPINWithoutATerminalIsAClearError() throws {
        let fixture = try SoftHSMModelFixture()
        defer { fixture.directory.remove() }
        let sign = try fixture.signKey(uri: fixture.token.uri())
        #expect(sign.status == 1)
        #expect(sign.stderr.contains("needs a PIN"), "\(sign.stderr)")
        #expect(!fixture.signatureExists)
    }

    /// Without a PIN in the URI and with a terminal, the PIN is asked for (no echo). The
    /// terminal is a pseudo-terminal made by util-linux `script`; the PIN is typed only once
    /// the prompt shows, since the prompt discards earlier input.
    @Test(.timeLimit(.minutes(TestEnvironment.slowdown)))
    func pinIsAskedOnTheTerminal() throws {
        let fixture = try SoftHSMModelFixture()
        defer { fixture.directory.remove() }
        let cli = try #require(TestEnvironment.cli)
        let command = [cli.path, "sign", "pkcs11-key", fixture.model, "--pkcs11-uri", fixture.token.uri(),
                       "--signature", fixture.signature].map { "'" + $0 + "'" }.joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-q", "-e", "-c", command, "/dev/null"]
        process.environment = ProcessInfo.processInfo.environment.merging(fixture.token.environment) { $1 }
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        var seen = Data()
        let deadline = Date().addingTimeInterval(30 * Double(TestEnvironment.slowdown))
        while !String(decoding: seen, as: UTF8.self).contains("PIN for PKCS #11 token '\(fixture.token.label)'"), Date() < deadline {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen.append(chunk)
        }
        #expect(String(decoding: seen, as: UTF8.self).contains("PIN for PKCS #11 token"), "no prompt: \(String(decoding: seen, as: UTF8.self))")
        try input.fileHandleForWriting.write(contentsOf: Data((fixture.token.pin + "\n").utf8))
        seen.append(output.fileHandleForReading.readDataToEndOfFile())
        process.waitUntilExit()
        let transcript = String(decoding: seen, as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(transcript)")
        #expect(transcript.contains("Signing succeeded"), "\(transcript)")
        #expect(!transcript.contains(fixture.token.pin + "\r\n") && !transcript.contains(fixture.token.pin + "\n"), "the PIN was echoed")
        let verify = try fixture.verifyKey()
        #expect(verify.status == 0, "\(verify.stderr)")
    }

    @Test func missingObjectIsAClearError() throws {
        let fixture = try SoftHSMModelFixture()
        defer { fixture.directory.remove() }
        let sign = try fixture.signKey(uri: fixture.token.uri(object: "no-such-key", pinValue: fixture.token.pin))
        #expect(sign.status == 1)
        #expect(sign.stderr.contains("no private key on the token matches object=no-such-key"), "\(sign.stderr)")
        #expect(!fixture.signatureExists)
    }

    @Test func missingTokenIsAClearError() throws {
        let fixture = try SoftHSMModelFixture()
        defer { fixture.directory.remove() }
        let uri = fixture.token.uri(pinValue: fixture.token.pin).replacingOccurrences(of: "token=\(fixture.token.label)",
                                                                                      with: "token=elsewhere")
        let sign = try fixture.signKey(uri: uri)
        #expect(sign.status == 1)
        #expect(sign.stderr.contains("no token matches the URI"), "\(sign.stderr)")
        #expect(!fixture.signatureExists)
    }

    @Test func moduleThatDoesNotExistIsAClearError() throws {
        let fixture = try SoftHSMModelFixture()
        defer { fixture.directory.remove() }
        let missing = fixture.directory.appending("no-such-module.so").path
        let uri = "pkcs11:token=\(fixture.token.label);object=signing-key?module-path=\(missing)&pin-value=\(fixture.token.pin)"
        let sign = try fixture.signKey(uri: uri)
        #expect(sign.status == 1)
        #expect(sign.stderr.contains("\(missing): the PKCS #11 module (module-path) does not exist"), "\(sign.stderr)")
        #expect(!fixture.signatureExists)
    }

    @Test func fileThatIsNotAModuleIsAClearError() throws {
        let fixture = try SoftHSMModelFixture()
        defer { fixture.directory.remove() }
        let notAModule = try fixture.directory.write("fake.so", "not a shared library").path
        let uri = "pkcs11:token=\(fixture.token.label);object=signing-key?module-path=\(notAModule)&pin-value=\(fixture.token.pin)"
        let sign = try fixture.signKey(uri: uri)
        #expect(sign.status == 1)
        #expect(sign.stderr.contains("cannot load the PKCS #11 module"), "\(sign.stderr)")
        #expect(!fixture.signatureExists)
    }

    @Test func twoMatchingKeysAreAClearError() throws {
        let fixture = try SoftHSMModelFixture()
        defer { fixture.directory.remove() }
        try fixture.token.generateKeyPair(curve: .p256, object: "signing-key", id: "02")
        let sign = try fixture.signKey()
        #expect(sign.status == 1)
        #expect(sign.stderr.contains("several private keys on the token match object=signing-key"), "\(sign.stderr)")
        #expect(!fixture.signatureExists)

        // Naming the id as well selects one.
        let named = try fixture.signKey(uri: fixture.token.uri(id: "%02", pinValue: fixture.token.pin))
        #expect(named.status == 0, "\(named.stderr)")
    }

    @Test func malformedURIIsAClearError() throws {
        let fixture = try SoftHSMModelFixture()
        defer { fixture.directory.remove() }
        let sign = try fixture.signKey(uri: "pkcs11:token=x;objekt=signing-key?module-path=\(fixture.token.module)")
        #expect(sign.status == 1)
        #expect(sign.stderr.contains("invalid PKCS #11 URI: unsupported path attribute 'objekt'"), "\(sign.stderr)")
    }
}
