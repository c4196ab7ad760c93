import Foundation
import ModelHashing
import ModelSigning
import ModelSigningTestSupport
import Sigstore
import Testing

/// The one-pass statement reader (``OMSStatementScanner``) agrees with the full JSON parser:
/// whatever it accepts, the full parser accepts with the same manifest, and every payload — the
/// reference's, ours, random and damaged ones — gets the same manifest or the same error as
/// the full parser alone gives.
@Suite struct StatementScannerTests {
    private static let limit = OMSStatement.maximumResourceCount

    /// The outcome of reading `payload` as text: the manifest, or the error's wording.
    private enum Outcome: Equatable {
        case manifest(Manifest)
        case refused(String)
    }

    private static func parsed(_ payload: [UInt8]) -> Outcome {
        do {
            return .manifest(try OMSStatement.parsedManifest(fromPayload: payload, maximumResourceCount: limit))
        } catch {
            return .refused(String(describing: error))
        }
    }

    private static func read(_ payload: [UInt8]) -> Outcome {
        do {
            return .manifest(try OMSStatement.manifest(fromPayload: payload))
        } catch {
            return .refused(String(describing: error))
        }
    }

    /// Checks the agreement on `payload`; returns whether the one-pass reader took it.
    @discardableResult
    private static func expectAgreement(_ payload: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let full = parsed(payload)
        let scanned = OMSStatementScanner.manifest(fromPayload: payload, maximumResourceCount: limit)
        if let scanned {
            #expect(full == .manifest(scanned), "accepted what the full parser reads otherwise: \(String(decoding: payload.prefix(300), as: UTF8.self))",
                    sourceLocation: sourceLocation)
        }
        #expect(read(payload) == full, sourceLocation: sourceLocation)
        return scanned != nil
    }

    // MARK: - Payloads signers write

    @Test(.enabled(if: TestEnvironment.hasVectors, "needs ../shared/vectors"))
    func referenceGoldensAndHistoricalSignaturesReadAlike() throws {
        var payloads: [(name: String, bytes: [UInt8])] = []
        let goldens = TestEnvironment.vector("oms/goldens/_signing/testdata/signing/TestPayload")
        for name in try FileManager.default.contentsOfDirectory(atPath: goldens.path).sorted() {
            payloads.append((name, Array(try Data(contentsOf: goldens.appendingPathComponent(name)))))
        }
        let historical = TestEnvironment.vector("oms/historical")
        for name in try FileManager.default.contentsOfDirectory(atPath: historical.path).sorted() {
            let signature = historical.appendingPathComponent(name).appendingPathComponent("model.sig")
            guard let bytes = try? Data(contentsOf: signature) else { continue }
            let payload = try #require(try SigstoreBundle.parse(Array(bytes)).dsseEnvelope?.payload)
            payloads.append((name, payload))
        }
        #expect(payloads.count > 25)
        var taken = 0
        for (name, payload) in payloads {
            let took = StatementScannerTests.expectAgreement(payload)
            // The reference's v1.0 statements (indented, its key order, float shard sizes) take
            // the fast path whenever they list resources; v0.2's legacy predicate never does.
            let isV1 = String(decoding: payload, as: UTF8.self).contains(OMSStatement.predicateType)
            if case .manifest = StatementScannerTests.parsed(payload), isV1 {
                #expect(took, "\(name) was left to the full parser")
            }
            if took { taken += 1 }
        }
        #expect(taken >= 20)
    }

    @Test(arguments: 0..<24)
    func randomManifestsRoundTrip(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let manifest = StatementScannerTests.randomManifest(using: &random)
        let payload = OMSStatement.payload(for: manifest)
        let scanned = try #require(OMSStatementScanner.manifest(fromPayload: payload, maximumResourceCount: StatementScannerTests.limit))
        #expect(scanned == manifest)
        #expect(StatementScannerTests.parsed(payload) == .manifest(manifest))
    }

    // MARK: - Damaged and unusual payloads

    /// Hand-made variations of a valid payload, each either read alike by both readers or
    /// refused with the full parser's words.
    @Test func variationsAgree() throws {
        let digest = String(repeating: "ab", count: 32)
        func statement(resources: String, serialization: String = #"{"method":"files","hash_type":"sha256","allow_symlinks":false}"#,
                       extra: String = "") -> [UInt8] {
            let entries = resources
            let hex = StatementScannerTests.rootHex(digestCount: entries.components(separatedBy: "\"digest\"").count - 1)
            return Array(#"{"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"m","digest":{"sha256":"\#(hex)"}}],"predicateType":"https://model_signing/signature/v1.0","predicate":{"serialization":\#(serialization),"resources":[\#(entries)]}\#(extra)}"#.utf8)
        }
        let good = #"{"name":"a","algorithm":"sha256","digest":"\#(digest)"}"#
        #expect(StatementScannerTests.expectAgreement(statement(resources: good)))
        let cases: [[UInt8]] = [
            statement(resources: good + "," + good),                                           // listed twice
            statement(resources: good.replacingOccurrences(of: "\"a\"", with: "\"b\"") + "," + good), // out of order
            statement(resources: #"{"name":"a","name":"b","algorithm":"sha256","digest":"\#(digest)"}"#),
            statement(resources: #"{"name":"a","algorithm":"sha256","digest":"\#(digest)","extra":1}"#),
            statement(resources: #"{"name":null,"algorithm":"sha256","digest":"\#(digest)"}"#),
            statement(resources: #"{"name":"\u0061","algorithm":"sha256","digest":"\#(digest)"}"#),
            statement(resources: #"{"name":"caf\#u{E9}/\#u{1F600}","algorithm":"sha256","digest":"\#(digest)"}"#),
            statement(resources: #"{"name":"a\tb","algorithm":"sha256","digest":"\#(digest)"}"#),
            statement(resources: #"{"name":"a","algorithm":"sha256","digest":"\#(digest.uppercased())"}"#),
            statement(resources: #"{"name":"a","algorithm":"sha\u0032256","digest":"\#(digest)"}"#),
            statement(resources: #"{"name":"a","algorithm":"blake3","digest":"\#(digest)"}"#),
            statement(resources: #"{"name":"./a//b/","algorithm":"sha256","digest":"\#(digest)"}"#),
            statement(resources: #"{"name":"../a","algorithm":"sha256","digest":"\#(digest)"}"#),
            statement(resources: #"{"name":"/a","algorithm":"sha256","digest":"\#(digest)"}"#),
            statement(resources: #"{"name":"a","algorithm":"sha256","digest":"\#(digest.dropLast(2))"}"#),
            statement(resources: #"{"name":"a","algorithm":"sha256","digest":"\#(digest)"} "#),
            statement(resources: #"{"name":"a" "algorithm":"sha256","digest":"\#(digest)"}"#),
            statement(resources: #"{"name":"a","algorithm":"sha256","digest":"\#(digest)",}"#),
            statement(resources: #"{}"#),
            statement(resources: ""),
            statement(resources: good, extra: #","extra":{"x":[1,2]}"#),
            statement(resources: good, serialization: #"{"method":"shards","hash_type":"sha256","shard_size":4.0}"#),
            statement(resources: #"{"name":"a:b:0:4","algorithm":"sha256-sharded-4","digest":"\#(digest)"}"#,
                      serialization: #"{"method":"shards","hash_type":"sha256","shard_size":4.0}"#),
            statement(resources: #"{"name":"a:0:5","algorithm":"sha256-sharded-4","digest":"\#(digest)"}"#,
                      serialization: #"{"method":"shards","hash_type":"sha256","shard_size":4}"#),
            statement(resources: good, serialization: #"{"method":"files","hash_type":"md5"}"#),
            statement(resources: good, serialization: "[]"),
            Array(String(decoding: statement(resources: good), as: UTF8.self)
                .replacingOccurrences(of: "predicateType", with: "predicate_type").utf8),
            Array(String(decoding: statement(resources: good), as: UTF8.self)
                .replacingOccurrences(of: #""_type""#, with: #""_type":"x","_type""#).utf8),
            Array(String(decoding: statement(resources: good), as: UTF8.self)
                .replacingOccurrences(of: #"[{"name":"m""#, with: String(repeating: "[", count: 70) + #"[{"name":"m""#).utf8),
            statement(resources: good) + Array(" \n".utf8),
            statement(resources: good) + Array("x".utf8),
            Array(" \n\t".utf8) + statement(resources: good),
            [],
        ]
        for payload in cases {
            StatementScannerTests.expectAgreement(payload)
        }
    }

    /// Random damage (bytes flipped, cut, repeated, JSON punctuation inserted) to payloads ours
    /// and the reference's: the readers never disagree.
    @Test(arguments: 0..<8)
    func damagedPayloadsAgree(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed &+ 1000)
        let original = OMSStatement.payload(for: StatementScannerTests.randomManifest(using: &random, maximumCount: 12))
        let punctuation = Array(#"{}[],:" \/u0aA-.eE"#.utf8)
        for _ in 0..<400 {
            let payload = random.damaged(original, inserting: punctuation)
            StatementScannerTests.expectAgreement(payload)
        }
    }

    // MARK: - Helpers

    private static func rootHex(digestCount: Int) -> String {
        let manifest = Manifest(modelName: "m", serialization: Serialization(),
                                resources: (0..<digestCount).map { index in
                                    Resource(path: ModelPath("r\(index)")!, range: nil, algorithm: "sha256",
                                             digest: [UInt8](repeating: 0xAB, count: 32))
                                }, sorted: false)
        return Hex.encode(manifest.rootDigest)
    }

    /// A manifest with random names (ASCII, other scripts, characters JSON escapes, `:`),
    /// method, hash and ignore paths.
    static func randomManifest(using random: inout SeededGenerator, maximumCount: Int = 300) -> Manifest {
        let pieces = ["model", "a", "Z", "caf\u{E9}", "cafe\u{301}", "\u{1F600}", "q\"uote", "back\\slash", "tab\tbed",
                      "new\nline", "x:y", "\u{7F}", "\u{2028}", "sp ace", "weights-00001"]
        var names = Set<[UInt8]>()
        var paths: [ModelPath] = []
        for _ in 0..<Int.random(in: 1...maximumCount, using: &random) {
            let depth = Int.random(in: 1...3, using: &random)
            let text = (0..<depth).map { _ in (pieces.randomElement(using: &random) ?? "a") + String(Int.random(in: 0..<50, using: &random)) }
                .joined(separator: "/")
            guard let path = ModelPath(text), names.insert(path.utf8).inserted else { continue }
            paths.append(path)
        }
        let algorithm = [HashAlgorithm.sha256, .blake2b, .blake3].randomElement(using: &random) ?? .sha256
        let method: Serialization.Method = Bool.random(using: &random) ? .files : .shards(size: Int64.random(in: 1...64, using: &random))
        let ignore = Bool.random(using: &random) ? [ModelPath("ignored/dir")!, ModelPath("model.sig")!] : []
        let serialization = Serialization(method: method, hashAlgorithm: algorithm, allowSymlinks: Bool.random(using: &random),
                                          ignorePaths: ignore)
        var resources: [Resource] = []
        for path in paths {
            let digest = (0..<algorithm.digestByteCount).map { _ in UInt8.random(in: 0...255, using: &random) }
            switch method {
            case .files:
                resources.append(Resource(path: path, range: nil, algorithm: serialization.resourceAlgorithm, digest: digest))
            case .shards(let size):
                for shard in 0..<Int64.random(in: 1...3, using: &random) {
                    resources.append(Resource(path: path, range: shard * size..<(shard + 1) * size,
                                              algorithm: serialization.resourceAlgorithm, digest: digest))
                }
            }
        }
        return Manifest(modelName: "model \u{E9}", serialization: serialization, resources: resources)
    }
}
