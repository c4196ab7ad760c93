import Foundation
import ModelSigning
import ModelSigningTestSupport
import Testing

/// Signatures made through SoftHSM2 with `sign pkcs11-key|pkcs11-certificate` verify with the
/// reference `model_signing verify key|certificate` (1.1.1), and the reference's own
/// `sign pkcs11-key` (its pkcs11 extra, PyKCS11) with the same token verifies with ours.
@Suite(.enabled(if: TestEnvironment.hasCLI && TestEnvironment.hasReference, "needs the model-signing binary and the reference venv"))
struct PKCS11InteropTests {
    @Test(arguments: [ECCurve.p256, .p384])
    func referenceVerifiesTokenKeySignatures(curve: ECCurve) throws {
        let fixture = try SoftHSMModelFixture(curve: curve)
        defer { fixture.directory.remove() }
        let sign = try fixture.signKey()
        #expect(sign.status == 0, "\(sign.stderr)")
        let verify = try ProcessRunner.referenceCLI(["verify", "key", fixture.model, "--signature", fixture.signature,
                                                     "--public_key", fixture.publicKey])
        #expect(verify.status == 0, "reference refused our PKCS #11 \(curve) signature: \(verify.stderr)")
        #expect(verify.stdout.contains("Verification succeeded"))
    }

    @Test(arguments: [ECCurve.p256, .p384])
    func referenceVerifiesTokenCertificateSignatures(curve: ECCurve) throws {
        let fixture = try SoftHSMModelFixture(curve: curve)
        defer { fixture.directory.remove() }
        let files = try fixture.certificateFiles(curve: curve)
        let sign = try fixture.token.cli(["sign", "pkcs11-certificate", fixture.model,
                                          "--pkcs11_uri", fixture.token.uri(pinValue: fixture.token.pin),
                                          "--signing_certificate", files.leaf, "--certificate_chain", files.intermediate,
                                          "--signature", fixture.signature])
        #expect(sign.status == 0, "\(sign.stderr)")
        let verify = try ProcessRunner.referenceCLI(["verify", "certificate", fixture.model, "--signature", fixture.signature,
                                                     "--certificate_chain", files.root])
        #expect(verify.status == 0, "reference refused our PKCS #11 \(curve) certificate signature: \(verify.stderr)")
    }
}

extension PKCS11InteropTests {
    /// The reference needs PyKCS11 (scripts/setup-reference.sh installs its pkcs11 extra).
    static var referenceHasPKCS11: Bool {
        guard TestEnvironment.hasReference, let result = try? ProcessRunner.python("import PyKCS11") else { return false }
        return result.status == 0
    }

    @Test(.enabled(if: referenceHasPKCS11, "needs PyKCS11 in the reference venv"), arguments: [ECCurve.p256, .p384])
    func weVerifyTheReferencesTokenKeySignatures(curve: ECCurve) throws {
        let fixture = try SoftHSMModelFixture(curve: curve)
        defer { fixture.directory.remove() }
        let sign = try ProcessRunner.referenceCLI(["sign", "pkcs11-key", "--signature", fixture.signature,
                                                   "--pkcs11_uri", fixture.uri, fixture.model],
                                                  environment: fixture.token.environment)
        try #require(sign.status == 0, "the reference could not sign with the token: \(sign.stderr)")
        let verify = try fixture.verifyKey(["--json"])
        #expect(verify.status == 0, "we refused the reference's PKCS #11 \(curve) signature: \(verify.stderr)")
        #expect(verify.stdout.contains("\"resources\":2"), "\(verify.stdout)")
        // Another key does not verify it.
        let other = try fixture.directory.writeKeyPair(curve: curve)
        #expect(try fixture.verifyKey(publicKey: other.publicKey).status == 1)
    }

    /// The reference 1.1.1's own `sign pkcs11-certificate` fails before writing anything (its
    /// bundle building rejects the certificate material it made: a pydantic validation error),
    /// so certificate signatures through a token interoperate one way only: ours → reference.
    /// What the README's method table says; a reference release that fixes it fails this test.
    @Test(.enabled(if: referenceHasPKCS11, "needs PyKCS11 in the reference venv"))
    func referencesOwnTokenCertificateSigningFails() throws {
        let fixture = try SoftHSMModelFixture(curve: .p256)
        defer { fixture.directory.remove() }
        let files = try fixture.certificateFiles(curve: .p256)
        let sign = try ProcessRunner.referenceCLI(["sign", "pkcs11-certificate", "--signature", fixture.signature,
                                                   "--pkcs11_uri", fixture.uri, "--signing_certificate", files.leaf,
                                                   "--certificate_chain", files.intermediate, fixture.model],
                                                  environment: fixture.token.environment)
        #expect(sign.status != 0)
        #expect(sign.stderr.contains("validation error"), "\(sign.stderr)")
        #expect(!fixture.signatureExists)
    }
}

/// The reference 1.1.1 verifies only ECDSA keys: what the README's method table says about RSA.
@Suite(.enabled(if: TestEnvironment.hasCLI && TestEnvironment.hasReference, "needs the model-signing binary and the reference venv"))
struct PKCS11RSAReferenceTests {
    @Test func referenceDoesNotVerifyRSAKeySignatures() throws {
        let fixture = try PKCS11RSATests.Fixture(bits: 2048)
        defer { fixture.directory.remove() }
        #expect(try fixture.signKey().status == 0)
        let verify = try ProcessRunner.referenceCLI(["verify", "key", fixture.model, "--signature", fixture.signature,
                                                     "--public_key", fixture.publicKey])
        #expect(verify.status != 0)
        #expect(verify.stderr.contains("has no attribute 'curve'"), "\(verify.stderr)")
    }
}
