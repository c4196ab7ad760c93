import Foundation
import ModelSigning
import ModelSigningTestSupport
import Testing

/// Signatures made through SoftHSM2 with `sign pkcs11-key|pkcs11-certificate` verify with the
/// reference `model_signing verify key|certificate` (1.1.1).
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
