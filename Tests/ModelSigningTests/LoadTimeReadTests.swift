import Foundation
import ModelHashing
import ModelSigning
import ModelSigningTestSupport
import Testing

/// Verified reads through `SignedModel`: what is hashed, what a mismatch does, and that
/// unverified bytes never come out.
@Suite struct LoadTimeReadTests {
    static let shard: Int64 = 4096

    @Test func wholeFileReadsReturnTheSignedBytes() async throws {
        for method in [Serialization.Method.files, .shards(size: LoadTimeReadTests.shard)] {
            let fixture = try await LoadTimeFixture.make(method: method)
            defer { fixture.remove() }
            let model = try await fixture.open()
            for (name, content) in fixture.files {
                #expect(try await model.readFile(ModelPath(name)!) == content)
            }
            #expect(model.statistics.bytesHashed == fixture.files.values.reduce(0) { $0 + Int64($1.count) })
        }
    }

    @Test(arguments: [(Serialization.Method.shards(size: 4096), HashAlgorithm.blake2b), (.files, .blake2b), (.files, .blake3)])
    func otherHashesReadAndFailTheSameWay(method: Serialization.Method, hash: HashAlgorithm) async throws {
        let fixture = try await LoadTimeFixture.make(method: method, hash: hash)
        defer { fixture.remove() }
        let model = try await fixture.open(cacheCapacity: 0)
        let path = ModelPath("weights.bin")!
        let content = try #require(fixture.files["weights.bin"])
        #expect(try await model.readFile(path) == content)
        #expect(try await model.read(path, range: 100..<9000) == Array(content[100..<9000]))
        try fixture.flipByte(of: "weights.bin", at: 5000)
        await #expect(throws: ModelSigningError.self) { try await model.read(path, range: 4096..<5001) }
    }

    @Test func aFlippedByteFailsOnlyReadsThatTouchItsShard() async throws {
        let fixture = try await LoadTimeFixture.make(method: .shards(size: LoadTimeReadTests.shard))
        defer { fixture.remove() }
        let model = try await fixture.open(cacheCapacity: 0)
        let path = ModelPath("weights.bin")!
        // Flip a byte inside shard 5.
        try fixture.flipByte(of: "weights.bin", at: 5 * LoadTimeReadTests.shard + 100)
        let content = try #require(fixture.files["weights.bin"])

        // A read of shards 1–3 does not touch shard 5: it succeeds, with the signed bytes.
        let early = try await model.read(path, range: 5000..<15000)
        #expect(early == Array(content[5000..<15000]))
        // A read that touches shard 5, even by one byte, fails and names the shard.
        for range in [Int64(20480)..<20481, 20000..<21000, 24575..<24576] {
            let error = try await #require(throws: ModelSigningError.self) { try await model.read(path, range: range) }
            guard let mismatch = error.mismatch else { Issue.record("unexpected \(error)"); continue }
            #expect(mismatch.changed.map(\.name) == ["weights.bin:20480:24576"])
        }
        await #expect(throws: ModelSigningError.self) { try await model.readFile(path) }
        await #expect(throws: ModelSigningError.self) { try await model.read(path, ranges: [0..<10, 20480..<20490]) }
        // Reads after a failure still work where the bytes are intact.
        #expect(try await model.read(path, range: 0..<100) == Array(content[0..<100]))
    }

    @Test func aFailingReadIntoCallerMemoryLeavesOnlyZeros() async throws {
        for method in [Serialization.Method.files, .shards(size: LoadTimeReadTests.shard)] {
            let fixture = try await LoadTimeFixture.make(method: method)
            defer { fixture.remove() }
            let model = try await fixture.open()
            let path = ModelPath("weights.bin")!
            let size = try model.size(of: path)
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Int(size) + 16, alignment: 64)
            defer { buffer.deallocate() }

            buffer.initializeMemory(as: UInt8.self, repeating: 0xAA)
            #expect(try model.readFile(path, into: buffer) == Int(size))
            #expect(Array(buffer[..<Int(size)]) == fixture.files["weights.bin"])

            // The last byte is in the last shard: everything before it was read (and matched)
            // before the mismatch was found, yet nothing may be left behind.
            try fixture.flipByte(of: "weights.bin", at: size - 1)
            buffer.initializeMemory(as: UInt8.self, repeating: 0xAA)
            #expect(throws: ModelSigningError.self) { try model.readFile(path, into: buffer) }
            #expect(buffer.allSatisfy { $0 == 0 })
            await #expect(throws: ModelSigningError.self) { try await model.readFile(path) }

            // A range into caller memory: the same rule.
            buffer.initializeMemory(as: UInt8.self, repeating: 0xAA)
            #expect(throws: ModelSigningError.self) { try model.read(path, range: (size - 100)..<size, into: buffer) }
            #expect(buffer.allSatisfy { $0 == 0 })
            if case .shards = method {
                #expect(try model.read(path, range: 10..<110, into: buffer) == 100)
                #expect(Array(buffer[..<100]) == Array(fixture.files["weights.bin"]![10..<110]))
            }

            // Too small a buffer is refused (and cleared too).
            let small = UnsafeMutableRawBufferPointer.allocate(byteCount: 10, alignment: 1)
            defer { small.deallocate() }
            small.initializeMemory(as: UInt8.self, repeating: 0xAA)
            #expect(throws: ModelSigningError.self) { try model.readFile(path, into: small) }
            #expect(small.allSatisfy { $0 == 0 })
        }
    }

    @Test func rangeReadsHashOnlyTheShardsTheyTouch() async throws {
        let fixture = try await LoadTimeFixture.make(method: .shards(size: LoadTimeReadTests.shard), weightsSize: 400 * 4096)
        defer { fixture.remove() }
        let model = try await fixture.open(cacheCapacity: 0)
        let path = ModelPath("weights.bin")!
        let size = try model.size(of: path)
        // 1 % of the file, starting mid-shard: ceil over 5 shards (4 + partial ends).
        let start: Int64 = 123 * 4096 + 1000
        let range = start..<(start + size / 100)
        let bytes = try await model.read(path, range: range)
        #expect(bytes == Array(fixture.files["weights.bin"]![Int(range.lowerBound)..<Int(range.upperBound)]))
        let touched = (range.upperBound - 1) / 4096 - range.lowerBound / 4096 + 1
        #expect(model.statistics.unitsVerified == Int(touched))
        #expect(model.statistics.bytesHashed == touched * 4096)
        #expect(model.statistics.bytesHashed <= Int64(bytes.count) + 2 * 4096)
    }

    @Test func batchedReadsVerifyEachShardOnce() async throws {
        let fixture = try await LoadTimeFixture.make(method: .shards(size: LoadTimeReadTests.shard))
        defer { fixture.remove() }
        let model = try await fixture.open(cacheCapacity: 0)
        let path = ModelPath("weights.bin")!
        let content = fixture.files["weights.bin"]!
        // Overlapping ranges, ranges sharing shards, one spanning three shards.
        let ranges: [Range<Int64>] = [0..<10, 5..<4000, 4096..<4100, 100..<9000, 12000..<12001, 0..<0]
        let parts = try await model.read(path, ranges: ranges)
        for (range, part) in zip(ranges, parts) {
            #expect(part == Array(content[Int(range.lowerBound)..<Int(range.upperBound)]))
        }
        #expect(model.statistics.unitsVerified == 3)
    }

    @Test func theCacheServesVerifiedShardsWithoutHashingAgain() async throws {
        let fixture = try await LoadTimeFixture.make(method: .shards(size: LoadTimeReadTests.shard))
        defer { fixture.remove() }
        let path = ModelPath("weights.bin")!
        let content = fixture.files["weights.bin"]!

        let cached = try await fixture.open()
        #expect(try await cached.read(path, range: 8..<16) == Array(content[8..<16]))
        #expect(try await cached.read(path, range: 100..<200) == Array(content[100..<200]))
        #expect(cached.statistics == SignedModel.Statistics(bytesHashed: 4096, unitsVerified: 1, cacheHits: 1))

        // Cached bytes are the signed bytes: a change on disk afterwards does not leak
        // through them, and once the cache is dropped the change is caught.
        try fixture.flipByte(of: "weights.bin", at: 150)
        #expect(try await cached.read(path, range: 100..<200) == Array(content[100..<200]))
        cached.clearCache()
        await #expect(throws: ModelSigningError.self) { try await cached.read(path, range: 100..<200) }

        let uncached = try await fixture.open(cacheCapacity: 0)
        #expect(try await uncached.read(path, range: 4096..<4100) == Array(content[4096..<4100]))
        #expect(try await uncached.read(path, range: 4100..<4200) == Array(content[4100..<4200]))
        #expect(uncached.statistics == SignedModel.Statistics(bytesHashed: 8192, unitsVerified: 2, cacheHits: 0))
    }

    @Test func rangeReadsOfWholeFileSignaturesHashTheWholeFile() async throws {
        let fixture = try await LoadTimeFixture.make(method: .files)
        defer { fixture.remove() }
        let model = try await fixture.open(cacheCapacity: 0)
        let path = ModelPath("weights.bin")!
        let content = fixture.files["weights.bin"]!
        #expect(try await model.read(path, range: 10..<20) == Array(content[10..<20]))
        #expect(model.statistics.bytesHashed == Int64(content.count))
        try fixture.flipByte(of: "weights.bin", at: Int64(content.count - 1))
        await #expect(throws: ModelSigningError.self) { try await model.read(path, range: 10..<20) }
    }

    @Test func sizeChangesAreMismatchesNamingTheShards() async throws {
        let fixture = try await LoadTimeFixture.make(method: .shards(size: LoadTimeReadTests.shard))
        defer { fixture.remove() }
        let model = try await fixture.open(cacheCapacity: 0)
        let handle = try FileHandle(forWritingTo: fixture.modelURL.appendingPathComponent("weights.bin"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(repeating: 1, count: 5000))
        try handle.close()
        let error = try await #require(throws: ModelSigningError.self) { try await model.read(ModelPath("weights.bin")!, range: 0..<10) }
        guard let mismatch = error.mismatch else { Issue.record("unexpected \(error)"); return }
        #expect(!mismatch.extra.isEmpty)
    }

    @Test func misuseIsRefused() async throws {
        let fixture = try await LoadTimeFixture.make(method: .shards(size: LoadTimeReadTests.shard))
        defer { fixture.remove() }
        try fixture.directory.write("model/unsigned.txt", "added after signing")
        let model = try await fixture.open()
        let path = ModelPath("weights.bin")!
        let size = try model.size(of: path)
        await #expect(throws: ModelSigningError.self) { try await model.readFile(ModelPath("unsigned.txt")!) }
        await #expect(throws: ModelSigningError.self) { try await model.read(ModelPath("nope")!, range: 0..<1) }
        await #expect(throws: ModelSigningError.self) { try await model.read(path, range: (size - 1)..<(size + 1)) }
        await #expect(throws: ModelSigningError.self) { try await model.read(path, range: -1..<1) }
        #expect(try await model.read(path, range: size..<size) == [])
        #expect(model.signedFiles.map(\.string).sorted() == fixture.files.keys.sorted())
    }

    @Test func aWrongKeyOrTamperedSignatureCannotBeOpened() async throws {
        let fixture = try await LoadTimeFixture.make(method: .files)
        defer { fixture.remove() }
        let other = KeyVerifier(publicKey: ECPrivateKey.generate(curve: .p256).publicKey)
        await #expect(throws: ModelSigningError.self) {
            _ = try await SignedModel.open(modelAt: fixture.modelPath, signatureAt: fixture.signaturePath, verifier: other)
        }
    }

    @Test func concurrentReadersGetTheSignedBytes() async throws {
        let fixture = try await LoadTimeFixture.make(method: .shards(size: LoadTimeReadTests.shard), weightsSize: 64 * 4096)
        defer { fixture.remove() }
        let model = try await fixture.open(cacheCapacity: 8 * 4096)
        let path = ModelPath("weights.bin")!
        let content = fixture.files["weights.bin"]!
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for task in 0..<16 {
                group.addTask {
                    let start = Int64((task * 7919) % (content.count - 5000))
                    let bytes = try await model.read(path, range: start..<(start + 5000))
                    return bytes == Array(content[Int(start)..<Int(start) + 5000])
                }
            }
            for try await ok in group { #expect(ok) }
        }
        #expect(try await model.readFile(path) == content)
    }

    @Test func singleFileModelsAnswerToDotAndTheirName() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let content = LoadTimeFixture.bytes(count: 10_000, seed: 3)
        let file = try directory.write("model.bin", Data(content))
        let key = ECPrivateKey.generate(curve: .p256)
        let signature = directory.appending("model.sig").path
        try await ModelSigner(signer: KeySigner(privateKey: key),
                              hasher: ModelHasher(serialization: Serialization(method: .shards(size: 4096))))
            .sign(modelAt: file.path, signatureAt: signature)
        let model = try await SignedModel.open(modelAt: file.path, signatureAt: signature,
                                               verifier: KeyVerifier(publicKey: key.publicKey))
        #expect(try await model.readFile(.singleFile) == content)
        #expect(try await model.read(ModelPath("model.bin")!, range: 5000..<5100) == Array(content[5000..<5100]))
    }
}

/// A signed model in a temporary directory: `model/weights.bin` (pseudo-random), a few small
/// files, signed with a fresh P-256 key into `model.sig` next to the model.
struct LoadTimeFixture {
    let directory: TemporaryDirectory
    let key: ECPrivateKey
    let files: [String: [UInt8]]

    var modelURL: URL { directory.appending("model") }
    var modelPath: String { modelURL.path }
    var signaturePath: String { directory.appending("model.sig").path }
    var verifier: KeyVerifier { KeyVerifier(publicKey: key.publicKey) }

    static func make(method: Serialization.Method, hash: HashAlgorithm = .sha256, weightsSize: Int = 10 * 4096 + 123,
                     extraFiles: [String: [UInt8]] = [:]) async throws -> LoadTimeFixture {
        let directory = try TemporaryDirectory("loadtime")
        var files: [String: [UInt8]] = [
            "weights.bin": bytes(count: weightsSize, seed: 1),
            "config.json": Array(#"{"layers": 2}"#.utf8),
            "tokenizer/vocab.txt": bytes(count: 9000, seed: 2),
        ]
        files.merge(extraFiles) { _, new in new }
        for (name, content) in files { try directory.write("model/\(name)", Data(content)) }
        let key = ECPrivateKey.generate(curve: .p256)
        let fixture = LoadTimeFixture(directory: directory, key: key, files: files)
        try await fixture.sign(method: method, hash: hash)
        return fixture
    }

    func sign(method: Serialization.Method, hash: HashAlgorithm = .sha256, signatureAt path: String? = nil) async throws {
        try await ModelSigner(signer: KeySigner(privateKey: key),
                              hasher: ModelHasher(serialization: Serialization(method: method, hashAlgorithm: hash)))
            .sign(modelAt: modelPath, signatureAt: path ?? signaturePath)
    }

    func open(cacheCapacity: Int = SignedModel.Options.defaultCacheCapacity) async throws -> SignedModel {
        try await SignedModel.open(modelAt: modelPath, signatureAt: signaturePath, verifier: verifier,
                                   options: SignedModel.Options(cacheCapacity: cacheCapacity))
    }

    /// Inverts one byte of a model file in place.
    func flipByte(of name: String, at offset: Int64) throws {
        let handle = try FileHandle(forUpdating: modelURL.appendingPathComponent(name))
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(offset))
        let byte = try handle.read(upToCount: 1) ?? Data([0])
        try handle.seek(toOffset: UInt64(offset))
        try handle.write(contentsOf: Data([~(byte.first ?? 0)]))
    }

    func remove() { directory.remove() }

    /// Deterministic pseudo-random bytes.
    static func bytes(count: Int, seed: UInt64) -> [UInt8] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        return (0..<count).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state >> 24)
        }
    }
}
