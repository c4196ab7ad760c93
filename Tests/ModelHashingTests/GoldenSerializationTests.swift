import Foundation
import ModelHashing
import ModelSigningTestSupport
import Testing

/// The reference's serialization goldens: rebuilt fixtures must give exactly the golden
/// digests, for files, shards of 10^9 bytes and shards of 8 bytes.
@Suite(.enabled(if: TestEnvironment.hasVectors, "needs ../shared/vectors"))
struct GoldenSerializationTests {
    enum Variant: String, CaseIterable, Sendable {
        case files, shards, smallShards

        var goldenFolder: String { self == .files ? "file" : "file_shard" }
        var suffix: String { self == .smallShards ? "_small_shards" : "" }
        var method: Serialization.Method {
            switch self {
            case .files: return .files
            case .shards: return .shards(size: 1_000_000_000)
            case .smallShards: return .shards(size: 8)
            }
        }
    }

    @Test(arguments: GoldenFixtures.names, Variant.allCases)
    func matchesGolden(fixture: String, variant: Variant) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let model = try GoldenFixtures.build(fixture, in: directory)
        // The symlink fixture links outside the model; the goldens were made with symlinks allowed.
        let hasher = ModelHasher(serialization: Serialization(method: variant.method, allowSymlinks: true),
                                 symlinkRoots: [directory.path])
        let manifest = try await hasher.hash(modelAt: model.path)

        let golden = TestEnvironment.vector(
            "oms/goldens/_serialization/testdata/\(variant.goldenFolder)/TestSerializer/\(fixture)\(variant.suffix)")
        let expected = try String(contentsOf: golden, encoding: .utf8)
        let actual = manifest.resources.map { "\($0.name):\($0.digestHex)\n" }.joined()
        #expect(actual == expected)
    }

    @Test func workerCountNeverChangesDigests() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let model = try GoldenFixtures.build("sample_model_folder", in: directory)
        var seen = Set<[UInt8]>()
        for workers in [1, 2, 3, 16] {
            for method in [Serialization.Method.files, .shards(size: 5)] {
                let hasher = ModelHasher(serialization: Serialization(method: method), workers: workers)
                let manifest = try await hasher.hash(modelAt: model.path)
                seen.insert(manifest.rootDigest + [method == .files ? 0 : 1])
            }
        }
        #expect(seen.count == 2)
    }
}
