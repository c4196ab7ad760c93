import Foundation
import ModelSigning
import ModelSigningTestSupport
import Testing

private let interopAvailable = TestEnvironment.hasCLI && TestEnvironment.hasReference

/// Models whose file names are canonically equivalent but differ in bytes (`Å` U+00C5 and
/// U+212B, NFC and NFD `café`) interoperate with the reference both ways, and each side
/// notices a same-size change to one twin (issue 15, point 1).
@Suite(.enabled(if: interopAvailable, "needs the model-signing binary and the reference venv"), .serialized)
struct ReferenceInteropUnicodeTests {
    /// Both pairs in one model. Twins of equal content are the case that used to verify after
    /// tampering; twins of different content, the case where our signer recorded one twin's
    /// digest under both names.
    private func makeModel(sameContent: Bool) throws -> UnicodeTwins.Model {
        try #require(UnicodeTwins.fileSystemKeepsBoth, "this file system merges canonically equivalent names")
        let model = try UnicodeTwins.model(UnicodeTwins.pairs[0], sameContent: sameContent)
        let pair = UnicodeTwins.pairs[1]
        try UnicodeTwins.write(model.path + "/" + pair.first, UnicodeTwins.firstContent)
        try UnicodeTwins.write(model.path + "/" + pair.second, sameContent ? UnicodeTwins.firstContent : UnicodeTwins.secondContent)
        return model
    }

    private static let tampered = Array("ODD!".utf8)

    @Test func referenceVerifiesOurSignatureAndSeesTheTamperedTwin() throws {
        let model = try makeModel(sameContent: false)
        defer { model.remove() }
        let (privateKey, publicKey) = try model.directory.writeKeyPair()
        let signature = model.directory.appending("model.sig").path
        let sign = try ProcessRunner.cli(["sign", "key", model.path, "--private-key", privateKey, "--signature", signature])
        #expect(sign.status == 0, "\(sign.stderr)")
        let verify = try ProcessRunner.referenceCLI(["verify", "key", model.path, "--signature", signature, "--public_key", publicKey])
        #expect(verify.status == 0, "reference refused our signature: \(verify.stderr)")
        for pair in UnicodeTwins.pairs {
            try UnicodeTwins.write(model.path + "/" + pair.second, Self.tampered)
            let tampered = try ProcessRunner.referenceCLI(["verify", "key", model.path, "--signature", signature, "--public_key", publicKey])
            #expect(tampered.status != 0, "the reference accepted a tampered \(pair)")
            try UnicodeTwins.write(model.path + "/" + pair.second, UnicodeTwins.secondContent)
        }
    }

    @Test func weVerifyTheReferenceSignatureAndSeeTheTamperedTwin() throws {
        let model = try makeModel(sameContent: true)
        defer { model.remove() }
        let (privateKey, publicKey) = try model.directory.writeKeyPair()
        let signature = model.directory.appending("model.sig").path
        let sign = try ProcessRunner.referenceCLI(["sign", "key", model.path, "--private_key", privateKey, "--signature", signature])
        #expect(sign.status == 0, "reference failed to sign: \(sign.stderr)")
        let verify = try ProcessRunner.cli(["verify", "key", model.path, "--public-key", publicKey, "--signature", signature])
        #expect(verify.status == 0, "we refused the reference's signature: \(verify.stderr)")
        for pair in UnicodeTwins.pairs {
            try UnicodeTwins.write(model.path + "/" + pair.second, UnicodeTwins.secondContent)
            let tampered = try ProcessRunner.cli(["verify", "key", model.path, "--public-key", publicKey, "--signature", signature])
            #expect(tampered.status == 1, "we accepted a tampered \(pair)")
            #expect(tampered.stderr.contains("hash mismatch for \(pair.second):"), "\(tampered.stderr)")
            try UnicodeTwins.write(model.path + "/" + pair.second, UnicodeTwins.firstContent)
        }
    }

    /// Both sides write the same statement for such a tree: same names (bytes), order and digests.
    @Test func bothSidesSignTheSameResources() throws {
        let model = try makeModel(sameContent: false)
        defer { model.remove() }
        let (privateKey, _) = try model.directory.writeKeyPair()
        let ours = model.directory.appending("ours.sig").path, theirs = model.directory.appending("theirs.sig").path
        #expect(try ProcessRunner.cli(["sign", "key", model.path, "--private-key", privateKey, "--signature", ours]).status == 0)
        #expect(try ProcessRunner.referenceCLI(["sign", "key", model.path, "--private_key", privateKey, "--signature", theirs]).status == 0)
        let script = """
            import base64, json, sys
            for path in sys.argv[1:]:
                bundle = json.load(open(path))
                statement = json.loads(base64.b64decode(bundle["dsseEnvelope"]["payload"]))
                print([(r["name"].encode().hex(), r["digest"]) for r in statement["predicate"]["resources"]])
            """
        let listed = try ProcessRunner.python(script, [ours, theirs])
        #expect(listed.status == 0, "\(listed.stderr)")
        let lines = listed.stdout.split(separator: "\n")
        #expect(lines.count == 2 && lines[0] == lines[1], "\(listed.stdout)")
    }
}
