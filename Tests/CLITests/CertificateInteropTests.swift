import Foundation
import ModelSigning
import ModelSigningTestSupport
import X509
import Testing

private let interopAvailable = TestEnvironment.hasCLI && TestEnvironment.hasReference

/// Certificate signatures made by our CLI verify with the reference CLI (model_signing 1.1.1),
/// and the reference's verify with ours, over throwaway PKIs with RSA and EC CAs.
@Suite(.enabled(if: interopAvailable, "needs the model-signing binary and the reference venv"), .serialized)
struct CertificateInteropTests {
    static let cases: [(ECCurve, TestPKI.KeyKind)] = [
        (.p256, .rsa(bits: 2048)), (.p384, .rsa(bits: 3072)), (.p521, .rsa(bits: 2048)),
        (.p256, .ec(.p256)), (.p384, .ec(.p384)), (.p521, .ec(.p521)),
    ]

    @Test(arguments: cases)
    func referenceVerifiesOurSignatures(leafCurve: ECCurve, caKey: TestPKI.KeyKind) throws {
        let work = try CertificateWorkspace(leafCurve: leafCurve, caKey: caKey)
        defer { work.directory.remove() }
        let sign = try work.sign()
        #expect(sign.status == 0, "\(sign.stderr)")
        let verify = try ProcessRunner.referenceCLI(["verify", "certificate", work.model, "--signature", work.signature,
                                                     "--certificate_chain", work.files.root])
        #expect(verify.status == 0, "reference refused our \(leafCurve) / \(caKey) signature: \(verify.stderr)")
        #expect(verify.stdout.contains("Verification succeeded"))

        // The reference also refuses it under another CA.
        let other = try TestPKI.authority(commonName: "CLI Test Root", key: .ec(.p256))
        let otherPath = try work.directory.write("other.pem", other.certificatePEM).path
        let wrong = try ProcessRunner.referenceCLI(["verify", "certificate", work.model, "--signature", work.signature,
                                                    "--certificate_chain", otherPath])
        #expect(wrong.status != 0)
    }

    @Test(arguments: cases)
    func weVerifyReferenceSignatures(leafCurve: ECCurve, caKey: TestPKI.KeyKind) throws {
        let work = try CertificateWorkspace(leafCurve: leafCurve, caKey: caKey)
        defer { work.directory.remove() }
        let sign = try ProcessRunner.referenceCLI(["sign", "certificate", work.model, "--private_key", work.files.leafKey,
                                                   "--signing_certificate", work.files.leaf,
                                                   "--certificate_chain", work.files.intermediate,
                                                   "--signature", work.signature])
        #expect(sign.status == 0, "reference failed to sign: \(sign.stderr)")
        let verify = try work.verify(["--certificate-identity", "builder@example.com"])
        #expect(verify.status == 0, "we refused the reference's \(leafCurve) / \(caKey) signature: \(verify.stderr)")

        // Both sides agree that a changed file breaks the signature.
        try work.directory.write("model/weights.bin", "changed")
        #expect(try work.verify().status == 1)
    }

    /// The reference does not check the certificate at signing; a signature it makes with a
    /// leaf lacking any signing usage is refused by both verifiers.
    @Test func leafWithoutSigningUsageIsRefusedByBoth() throws {
        let work = try CertificateWorkspace(keyUsage: KeyUsage(keyEncipherment: true), extendedKeyUsage: [.serverAuth])
        defer { work.directory.remove() }
        let sign = try ProcessRunner.referenceCLI(["sign", "certificate", work.model, "--private_key", work.files.leafKey,
                                                   "--signing_certificate", work.files.leaf,
                                                   "--certificate_chain", work.files.intermediate,
                                                   "--signature", work.signature])
        #expect(sign.status == 0, "reference failed to sign: \(sign.stderr)")
        let ours = try work.verify()
        #expect(ours.status == 1)
        #expect(ours.stderr.contains("not allowed to sign"), "\(ours.stderr)")
        let reference = try ProcessRunner.referenceCLI(["verify", "certificate", work.model, "--signature", work.signature,
                                                        "--certificate_chain", work.files.root])
        #expect(reference.status != 0)
    }
}
