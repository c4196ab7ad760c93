import Foundation
import ModelHashing
@testable import ModelSigning
import ModelSigningTestSupport
import Sigstore
import Testing
import ModelSigningPlatform

/// File names are bytes. Swift's `String` equality, hashing and `hasPrefix` use Unicode
/// canonical equivalence, under which `Å` (U+00C5) and `Å` (U+212B), or NFC `café` and NFD
/// `café`, are one text but two files (issue 15, point 1: the signer read one twin under both
/// names, so a same-size change to the other verified). For every place that keys, looks up,
/// sorts or compares by a path, twins stay two entries.
@Suite(.enabled(if: UnicodeTwins.fileSystemKeepsBoth, "this file system merges canonically equivalent names"))
struct UnicodeEquivalentNameTests {
    static let pairs = UnicodeTwins.pairs

    @Test("Twins are equal as Swift strings but not as model paths", arguments: pairs)
    func modelPathsStayDistinct(pair: UnicodeTwins.Pair) throws {
        #expect(pair.first == pair.second, "the pair must be canonically equivalent for the test to mean anything")
        #expect(!pair.first.utf8.elementsEqual(pair.second.utf8))
        let first = try #require(ModelPath(pair.first)), second = try #require(ModelPath(pair.second))
        #expect(first != second)
        #expect(Set([first, second]).count == 2)
        #expect([first: 1, second: 2].count == 2)
        #expect((first < second) != (second < first))
        #expect(!FileSystemPath.same(pair.first, pair.second))
    }

    @Test("The tree walk and the listed-file lookup keep both twins", arguments: pairs)
    func walkAndLookupKeepBoth(pair: UnicodeTwins.Pair) throws {
        let model = try UnicodeTwins.model(pair)
        defer { model.remove() }
        let walked = try ModelTreeWalker.walk(model.path, options: TreeWalkOptions())
        #expect(walked.files.count == 2)
        #expect(Set(walked.files.map(\.sourcePath.utf8).map(Array.init)).count == 2)
        let listed = try ModelTreeWalker.files([try #require(ModelPath(pair.first)), try #require(ModelPath(pair.second))],
                                               in: model.path, options: TreeWalkOptions())
        #expect(listed.files.count == 2)
    }

    @Test("Each twin is hashed from its own file", arguments: pairs, [1, 4])
    func hashingReadsEachTwin(pair: UnicodeTwins.Pair, workers: Int) async throws {
        let model = try UnicodeTwins.model(pair)
        defer { model.remove() }
        let manifest = try await ModelHasher(workers: workers).hash(modelAt: model.path)
        #expect(manifest.resources.count == 2)
        for resource in manifest.resources {
            let content = resource.path.utf8.elementsEqual(pair.first.utf8) ? UnicodeTwins.firstContent : UnicodeTwins.secondContent
            #expect(resource.digest == DigestAlgorithm.sha256.hash(content), "\(resource.name) has the other twin's digest")
        }
    }

    @Test("A same-size change to one twin fails verification, naming that twin", arguments: pairs)
    func tamperedTwinFailsVerification(pair: UnicodeTwins.Pair) async throws {
        let model = try UnicodeTwins.model(pair, sameContent: true)
        defer { model.remove() }
        let key = ECPrivateKey.generate(curve: .p256)
        let signature = model.directory.appending("model.sig").path
        try await ModelSigner(signer: KeySigner(privateKey: key)).sign(modelAt: model.path, signatureAt: signature)
        try UnicodeTwins.write(model.path + "/" + pair.second, Array("EVIL".utf8))
        do {
            _ = try await ModelVerifier(verifier: KeyVerifier(publicKey: key.publicKey)).verify(modelAt: model.path, signatureAt: signature)
            Issue.record("the tampered twin verified")
        } catch {
            guard let mismatch = error.mismatch else { throw error }
            #expect(mismatch.changed.count == 1)
            #expect(mismatch.changed.first.map { $0.name.utf8.elementsEqual(pair.second.utf8) } == true)
        }
    }

    @Test("Signed statements keep both twins; the comparison keys by bytes", arguments: pairs)
    func statementAndComparisonKeepBoth(pair: UnicodeTwins.Pair) throws {
        let first = Resource(path: try #require(ModelPath(pair.first)), range: nil, algorithm: "sha256", digest: Array(repeating: 1, count: 32))
        let second = Resource(path: try #require(ModelPath(pair.second)), range: nil, algorithm: "sha256", digest: Array(repeating: 2, count: 32))
        let manifest = Manifest(modelName: "m", serialization: Serialization(), resources: [first, second])
        let parsed = try OMSStatement.manifest(fromPayload: OMSStatement.payload(for: manifest))
        #expect(parsed.resources.count == 2)
        #expect(parsed.resources == manifest.resources)

        let swapped = Manifest(modelName: "m", serialization: Serialization(), resources: [
            Resource(path: first.path, range: nil, algorithm: "sha256", digest: second.digest),
            Resource(path: second.path, range: nil, algorithm: "sha256", digest: first.digest),
        ])
        #expect(ModelVerifier.compare(expected: manifest, actual: swapped, tolerateExtra: false).changed.count == 2)
        let onlyFirst = Manifest(modelName: "m", serialization: Serialization(), resources: [first])
        let mismatch = ModelVerifier.compare(expected: manifest, actual: onlyFirst, tolerateExtra: false)
        #expect(mismatch.missing.count == 1 && mismatch.missing.first.map { $0.utf8.elementsEqual(pair.second.utf8) } == true)
        #expect(mismatch.extra.isEmpty && mismatch.changed.isEmpty)
    }

    @Test("Ignoring one twin keeps the other", arguments: pairs)
    func ignoringOneTwinKeepsTheOther(pair: UnicodeTwins.Pair) async throws {
        let model = try UnicodeTwins.model(pair)
        defer { model.remove() }
        let ignored = try #require(ModelPath(pair.first))
        let manifest = try await ModelHasher(serialization: Serialization(ignorePaths: [ignored])).hash(modelAt: model.path)
        #expect(manifest.resources.map(\.path.utf8) == [Array(pair.second.utf8)])
        // Ignore paths read back from a signature are bytes too.
        let parsed = try OMSStatement.manifest(fromPayload: OMSStatement.payload(for: manifest))
        #expect(parsed.serialization.ignorePaths == [ignored])
    }

    @Test("Partial verification checks only the named twin", arguments: pairs)
    func partialVerificationChecksOnlyTheNamedTwin(pair: UnicodeTwins.Pair) async throws {
        let model = try UnicodeTwins.model(pair, sameContent: true)
        defer { model.remove() }
        let key = ECPrivateKey.generate(curve: .p256)
        let signature = model.directory.appending("model.sig").path
        try await ModelSigner(signer: KeySigner(privateKey: key)).sign(modelAt: model.path, signatureAt: signature)
        try UnicodeTwins.write(model.path + "/" + pair.second, Array("EVIL".utf8))
        let verifier = ModelVerifier(verifier: KeyVerifier(publicKey: key.publicKey))
        let first = try #require(ModelPath(pair.first)), second = try #require(ModelPath(pair.second))
        let result = try await verifier.verify(modelAt: model.path, signatureAt: signature, only: [first])
        #expect(result.uncheckedFiles == [second])
        await #expect(throws: ModelSigningError.self) {
            try await verifier.verify(modelAt: model.path, signatureAt: signature, only: [second])
        }
    }

    @Test("Re-signing rehashes only the twin said to have changed", arguments: pairs)
    func resigningKeepsTwinsApart(pair: UnicodeTwins.Pair) async throws {
        let model = try UnicodeTwins.model(pair)
        defer { model.remove() }
        let key = ECPrivateKey.generate(curve: .p256)
        let signature = model.directory.appending("model.sig").path
        let signer = ModelSigner(signer: KeySigner(privateKey: key))
        try await Task.sleep(for: .milliseconds(30))
        try await signer.sign(modelAt: model.path, signatureAt: signature)
        let second = try #require(ModelPath(pair.second))
        let report = try await signer.sign(modelAt: model.path, signatureAt: model.directory.appending("new.sig").path,
                                           reusing: SignatureReuse(signatureAt: signature, verifier: KeyVerifier(publicKey: key.publicKey),
                                                                   changed: [second]))
        #expect(report.hashedFiles == [second])
        #expect(report.reusedFiles == [try #require(ModelPath(pair.first))])
        #expect(report.manifest == (try await signer.manifest(modelAt: model.path)))
    }

    @Test("A verified model reads each twin's own bytes", arguments: pairs)
    func signedModelReadsEachTwin(pair: UnicodeTwins.Pair) async throws {
        let model = try UnicodeTwins.model(pair)
        defer { model.remove() }
        let key = ECPrivateKey.generate(curve: .p256)
        let signature = model.directory.appending("model.sig").path
        try await ModelSigner(signer: KeySigner(privateKey: key)).sign(modelAt: model.path, signatureAt: signature)
        let opened = try await SignedModel.open(modelAt: model.path, signatureAt: signature, verifier: KeyVerifier(publicKey: key.publicKey))
        #expect(try await opened.readFile(try #require(ModelPath(pair.first))) == UnicodeTwins.firstContent)
        #expect(try await opened.readFile(try #require(ModelPath(pair.second))) == UnicodeTwins.secondContent)
    }

    @Test("A signature in a twin of the model directory is not inside the model", arguments: pairs)
    func signatureBesideATwinDirectoryIsOutside(pair: UnicodeTwins.Pair) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try UnicodeTwins.makeDirectory(directory.path + "/" + pair.first)
        try UnicodeTwins.makeDirectory(directory.path + "/" + pair.second)
        let root = try #require(ModelTreeWalker.realPath(directory.path + "/" + pair.first))
        #expect(SignatureFile.pathInsideModel(signaturePath: directory.path + "/" + pair.second + "/model.sig", modelRoot: root) == nil)
        #expect(SignatureFile.pathInsideModel(signaturePath: directory.path + "/" + pair.first + "/model.sig", modelRoot: root)
                == ModelPath("model.sig"))
    }

    @Test("A link into the model directory's twin escapes the model", arguments: pairs)
    func linkIntoTwinDirectoryEscapes(pair: UnicodeTwins.Pair) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let model = directory.path + "/" + pair.first, twin = directory.path + "/" + pair.second
        try UnicodeTwins.makeDirectory(model)
        try UnicodeTwins.makeDirectory(twin)
        try UnicodeTwins.write(twin + "/secret", Array("secret".utf8))
        #expect(symlink(twin + "/secret", model + "/link") == 0)
        #expect(throws: ModelHashingError.self) {
            try ModelTreeWalker.walk(model, options: TreeWalkOptions(allowSymlinks: true))
        }
    }
}
