import Foundation
import ModelHashing
import ModelSigning
import ModelSigningTestSupport
import Testing

/// Verified reads of large BLAKE3 units take the same reading and hashing path as hashing a
/// model: BLAKE3's tree mode on several workers, reading straight into the caller's memory.
@Suite struct LoadTimeTreeModeTests {
    /// Four 1 MiB subtrees and a tail: enough for tree mode once the threshold is lowered.
    static let weightsSize = (4 << 20) + 12_345

    /// Options whose BLAKE3 tree-mode threshold is 1 MiB, so small test files take that path.
    static func treeOptions(cacheCapacity: Int = SignedModel.Options.defaultCacheCapacity) -> SignedModel.Options {
        var hashing = HashingConfiguration(workers: 3)
        hashing.blake3TreeThreshold = 1 << 20
        return SignedModel.Options(cacheCapacity: cacheCapacity, hashing: hashing)
    }

    @Test(arguments: [SignedModel.Options.defaultCacheCapacity, 0])
    func aLargeBLAKE3FileIsVerifiedInTreeMode(cacheCapacity: Int) async throws {
        let fixture = try await LoadTimeFixture.make(method: .files, hash: .blake3, weightsSize: LoadTimeTreeModeTests.weightsSize)
        defer { fixture.remove() }
        let path = ModelPath("weights.bin")!
        let content = try #require(fixture.files["weights.bin"])
        let model = try await SignedModel.open(modelAt: fixture.modelPath, signatureAt: fixture.signaturePath,
                                               verifier: fixture.verifier,
                                               options: LoadTimeTreeModeTests.treeOptions(cacheCapacity: cacheCapacity))
        // The signed digest is the engine's digest of the file, computed here in one pass.
        let signed = try #require(model.manifest.resources.first { $0.path == path })
        #expect(signed.digest == content.withUnsafeBytes { BLAKE3Engine.hash($0) })

        #expect(try await model.readFile(path) == content)
        #expect(model.unitsHashedInParallel == 1)
        // A part of the file (kept whole in the cache when it has room), and several
        // overlapping parts at once.
        let part: Range<Int64> = 1_000_000..<3_500_000
        #expect(try await model.read(path, range: part) == Array(content[Int(part.lowerBound)..<Int(part.upperBound)]))
        let ranges: [Range<Int64>] = [5..<(2 << 20), (1 << 20) - 7..<(1 << 20) + 9, Int64(content.count) - 3..<Int64(content.count)]
        let parts = try await model.read(path, ranges: ranges)
        #expect(parts == ranges.map { Array(content[Int($0.lowerBound)..<Int($0.upperBound)]) })
        // With the cache, the later reads are served from the verified copy; without, each hashes again.
        #expect(model.unitsHashedInParallel == (cacheCapacity == 0 ? 3 : 2))
    }

    @Test func aChangedByteFailsTheTreeModeRead() async throws {
        let fixture = try await LoadTimeFixture.make(method: .files, hash: .blake3, weightsSize: LoadTimeTreeModeTests.weightsSize)
        defer { fixture.remove() }
        let model = try await SignedModel.open(modelAt: fixture.modelPath, signatureAt: fixture.signaturePath,
                                               verifier: fixture.verifier, options: LoadTimeTreeModeTests.treeOptions())
        try fixture.flipByte(of: "weights.bin", at: (2 << 20) + 5)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: LoadTimeTreeModeTests.weightsSize, alignment: 16)
        defer { buffer.deallocate() }
        let error = try #require(throws: ModelSigningError.self) { try model.readFile(ModelPath("weights.bin")!, into: buffer) }
        #expect(error.mismatch?.changed.map(\.name) == ["weights.bin"])
        #expect(buffer.allSatisfy { $0 == 0 })
        // Hashed in tree mode, then refused.
        #expect(model.unitsHashedInParallel == 1)
    }

    @Test func otherAlgorithmsStayOnThePooledPath() async throws {
        let fixture = try await LoadTimeFixture.make(method: .shards(size: 3 << 20), hash: .sha256,
                                                     weightsSize: LoadTimeTreeModeTests.weightsSize)
        defer { fixture.remove() }
        // The reference cannot verify BLAKE3 shards, so signing refuses them: SHA-256 shards
        // stay on the pooled path whatever the threshold.
        let model = try await SignedModel.open(modelAt: fixture.modelPath, signatureAt: fixture.signaturePath,
                                               verifier: fixture.verifier, options: LoadTimeTreeModeTests.treeOptions())
        let content = try #require(fixture.files["weights.bin"])
        #expect(try await model.readFile(ModelPath("weights.bin")!) == content)
        #expect(model.unitsHashedInParallel == 0)
        #expect(model.statistics.unitsVerified == 2)
    }
}
