import Foundation
import ModelHashing
import ModelSigning
import ModelSigningTestSupport
import Sigstore
import Testing

/// The reference's payload goldens: our statement for each rebuilt fixture equals the golden
/// as parsed JSON (numbers by value, key order ignored), and our reader parses the goldens.
@Suite(.enabled(if: TestEnvironment.hasVectors, "needs ../shared/vectors"))
struct GoldenPayloadTests {
    static let variants: [(suffix: String, method: Serialization.Method)] = [
        ("", .files), ("_shard", .shards(size: 1_000_000_000)), ("_small_shards", .shards(size: 8)),
    ]

    @Test(arguments: GoldenFixtures.names, [0, 1, 2])
    func payloadMatchesGolden(fixture: String, variantIndex: Int) async throws {
        let variant = GoldenPayloadTests.variants[variantIndex]
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let model = try GoldenFixtures.build(fixture, in: directory)
        let hasher = ModelHasher(serialization: Serialization(method: variant.method, allowSymlinks: true),
                                 symlinkRoots: [directory.path])
        let manifest = try await hasher.hash(modelAt: model.path)
        let ours = try JSONParser.parse(OMSStatement.payload(for: manifest))

        let goldenBytes = try Data(contentsOf: TestEnvironment.vector(
            "oms/goldens/_signing/testdata/signing/TestPayload/\(fixture)\(variant.suffix)"))
        let golden = try JSONParser.parse(Array(goldenBytes))
        #expect(SemanticJSON(ours) == SemanticJSON(golden))

        // Our reader accepts the reference's form (float shard_size) — except that we refuse
        // to verify an empty resource list, which only empty fixtures produce.
        if manifest.resources.isEmpty {
            #expect(throws: ModelSigningError.self) { try OMSStatement.manifest(fromPayload: Array(goldenBytes)) }
        } else {
            let parsed = try OMSStatement.manifest(fromPayload: Array(goldenBytes))
            #expect(parsed.resources == manifest.resources)
            #expect(parsed.serialization == manifest.serialization)
        }
    }

    @Test func payloadIsDeterministic() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let model = try GoldenFixtures.build("sample_model_folder", in: directory)
        let hasher = ModelHasher(serialization: Serialization(ignorePaths: [try #require(ModelPath("z")), try #require(ModelPath("a"))]))
        let first = OMSStatement.payload(for: try await hasher.hash(modelAt: model.path))
        let second = OMSStatement.payload(for: try await ModelHasher(serialization: Serialization(
            ignorePaths: [try #require(ModelPath("a")), try #require(ModelPath("z"))]), workers: 1).hash(modelAt: model.path))
        #expect(first == second)
    }
}

/// JSON compared as values: objects as unordered maps, numbers by numeric value.
struct SemanticJSON: Equatable {
    let value: JSONValue

    init(_ value: JSONValue) { self.value = value }

    static func == (lhs: SemanticJSON, rhs: SemanticJSON) -> Bool { equal(lhs.value, rhs.value) }

    private static func equal(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return x.doubleValue == y.doubleValue
        case (.string(let x), .string(let y)): return x.utf8.elementsEqual(y.utf8)
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case (.object(let x), .object(let y)):
            guard Set(x.keys) == Set(y.keys) else { return false }
            return x.entries.allSatisfy { entry in y[entry.key].map { equal(entry.value, $0) } ?? false }
        default: return false
        }
    }
}
