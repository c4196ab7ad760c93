import Foundation
import ModelSigning
import ModelSigningTestSupport
import Testing

private let interopAvailable = TestEnvironment.hasCLI && TestEnvironment.hasReference

/// Signatures made by `model-signing sign key` verify with the reference CLI (model_signing
/// 1.1.1), and the reference's verify with ours.
@Suite(.enabled(if: interopAvailable, "needs the model-signing binary and the reference venv"), .serialized)
struct ReferenceInteropKeyTests {
    enum Shape: String, CaseIterable, Sendable { case directory, nestedUnicode, singleFile }

    /// Builds a model of the given shape; returns the path to sign.
    static func makeModel(_ shape: Shape, in directory: TemporaryDirectory) throws -> String {
        switch shape {
        case .directory:
            try directory.write("model/a.bin", Data((0..<5000).map { UInt8($0 % 251) }))
            try directory.write("model/b.txt", "b")
            try directory.write("model/empty", "")
            return directory.appending("model").path
        case .nestedUnicode:
            try directory.write("model/dir with space/caf\u{E9} \u{2603}.bin", "snow")
            try directory.write("model/dir with space/sub/deeper/\u{65E5}\u{672C}.txt", "nihon")
            try directory.write("model/tokenizer.json", "{}")
            try directory.write("model/a-b", "1")
            try directory.write("model/a/b", "2")
            try directory.write("model/a.txt", "3")
            return directory.appending("model").path
        case .singleFile:
            return try directory.write("weights.safetensors", Data((0..<70_000).map { UInt8($0 % 199) })).path
        }
    }

    @Test(arguments: [ECCurve.p256, .p384, .p521], Shape.allCases)
    func referenceVerifiesOurSignatures(curve: ECCurve, shape: Shape) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let model = try ReferenceInteropKeyTests.makeModel(shape, in: directory)
        let (privateKey, publicKey) = try directory.writeKeyPair(curve: curve)
        let signature = directory.appending("model.sig").path
        let sign = try ProcessRunner.cli(["sign", "key", model, "--private-key", privateKey, "--signature", signature])
        #expect(sign.status == 0, "\(sign.stderr)")
        let verify = try ProcessRunner.referenceCLI(["verify", "key", model, "--signature", signature, "--public_key", publicKey])
        #expect(verify.status == 0, "reference refused our \(curve) \(shape) signature: \(verify.stderr)")
        #expect(verify.stdout.contains("Verification succeeded"))

        // And the reference notices tampering in what we signed.
        let file = shape == .singleFile ? model : model + "/tokenizer.json"
        if FileManager.default.fileExists(atPath: file) || shape == .singleFile {
            try Data("tampered".utf8).write(to: URL(fileURLWithPath: file))
            let tampered = try ProcessRunner.referenceCLI(["verify", "key", model, "--signature", signature, "--public_key", publicKey])
            #expect(tampered.status != 0)
        }
    }

    @Test(arguments: [ECCurve.p256, .p384, .p521], Shape.allCases)
    func weVerifyReferenceSignatures(curve: ECCurve, shape: Shape) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let model = try ReferenceInteropKeyTests.makeModel(shape, in: directory)
        let (privateKey, publicKey) = try directory.writeKeyPair(curve: curve)
        let signature = directory.appending("model.sig").path
        let sign = try ProcessRunner.referenceCLI(["sign", "key", model, "--private_key", privateKey, "--signature", signature])
        #expect(sign.status == 0, "reference failed to sign: \(sign.stderr)")
        let verify = try ProcessRunner.cli(["verify", "key", model, "--public-key", publicKey, "--signature", signature])
        #expect(verify.status == 0, "we refused the reference's \(curve) \(shape) signature: \(verify.stderr)")
        try directory.write("intruder", "x")
        if shape != .singleFile {
            try Data("x".utf8).write(to: URL(fileURLWithPath: model + "/intruder.bin"))
            let extra = try ProcessRunner.cli(["verify", "key", model, "--public-key", publicKey, "--signature", signature])
            #expect(extra.status == 1)
            #expect(extra.stderr.contains("intruder.bin"))
        }
    }

    /// A signature stored inside the model, the layout model hubs use.
    @Test func signatureInsideTheModelInteroperates() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let model = try ReferenceInteropKeyTests.makeModel(.directory, in: directory)
        let (privateKey, publicKey) = try directory.writeKeyPair(curve: .p256)
        let signature = model + "/model.sig"
        #expect(try ProcessRunner.cli(["sign", "key", model, "--private-key", privateKey, "--signature", signature]).status == 0)
        let verify = try ProcessRunner.referenceCLI(["verify", "key", model, "--signature", signature, "--public_key", publicKey])
        #expect(verify.status == 0, "\(verify.stderr)")
    }
}
