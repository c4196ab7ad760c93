import CBLAKE
import Testing

@testable import ModelHashing

@Suite("BLAKE3 engine")
struct BLAKE3Tests {
    /// Official test-vector inputs (byte i is i % 251); hashes computed with the Python `blake3`
    /// package, the binding of the reference Rust implementation.
    static let vectors: [(Int, String)] = [
        (0, "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262"),
        (1, "2d3adedff11b61f14c886e35afa036736dcd87a74d27b5c1510225d0f592e213"),
        (1023, "10108970eeda3eb932baac1428c7a2163b0e924c9a9e25b35bba72b28f70bd11"),
        (1024, "42214739f095a406f3fc83deb889744ac00df831c10daa55189b5d121c855af7"),
        (1025, "d00278ae47eb27b34faecf67b4fe263f82d5412916c1ffd97c8cb7fb814b8444"),
        (2048, "e776b6028c7cd22a4d0ba182a8bf62205d2ef576467e838ed6f2529b85fba24a"),
        (2049, "5f4d72f40d7a5f82b15ca2b2e44b1de3c2ef86c426c95c1af0b6879522563030"),
        (3072, "b98cb0ff3623be03326b373de6b9095218513e64f1ee2edd2525c7ad1e5cffd2"),
        (3073, "7124b49501012f81cc7f11ca069ec9226cecb8a2c850cfe644e327d22d3e1cd3"),
        (4096, "015094013f57a5277b59d8475c0501042c0b642e531b0a1c8f58d2163229e969"),
        (4097, "9b4052b38f1c5fc8b1f9ff7ac7b27cd242487b3d890d15c96a1c25b8aa0fb995"),
        (5120, "9cadc15fed8b5d854562b26a9536d9707cadeda9b143978f319ab34230535833"),
        (5121, "628bd2cb2004694adaab7bbd778a25df25c47b9d4155a55f8fbd79f2fe154cff"),
        (6144, "3e2e5b74e048f3add6d21faab3f83aa44d3b2278afb83b80b3c35164ebeca205"),
        (6145, "f1323a8631446cc50536a9f705ee5cb619424d46887f3c376c695b70e0f0507f"),
        (7168, "61da957ec2499a95d6b8023e2b0e604ec7f6b50e80a9678b89d2628e99ada77a"),
        (7169, "a003fc7a51754a9b3c7fae0367ab3d782dccf28855a03d435f8cfe74605e7817"),
        (8192, "aae792484c8efe4f19e2ca7d371d8c467ffb10748d8a5a1ae579948f718a2a63"),
        (8193, "bab6c09cb8ce8cf459261398d2e7aef35700bf488116ceb94a36d0f5f1b7bc3b"),
        (16384, "f875d6646de28985646f34ee13be9a576fd515f76b5b0a26bb324735041ddde4"),
        (31744, "62b6960e1a44bcc1eb1a611a8d6235b6b4b78f32e7abc4fb4c6cdcce94895c47"),
        (102400, "bc3e3d41a1146b069abffad3c0d44860cf664390afce4d9661f7902e7943e085"),
    ]

    /// Every kernel level; levels the CPU lacks are lowered, so each run reports what it covered.
    static let levels: [Int32] = [
        Int32(CBLAKE3_SIMD_PORTABLE), Int32(CBLAKE3_SIMD_SSE41), Int32(CBLAKE3_SIMD_AVX2),
        Int32(CBLAKE3_SIMD_AVX512), Int32(CBLAKE3_SIMD_AVX2_X16), Int32(CBLAKE3_SIMD_NEON),
    ]

    static func vectorInput(_ length: Int) -> [UInt8] {
        (0..<length).map { UInt8($0 % 251) }
    }

    @Test("The well-known empty-input hash")
    func emptyInput() {
        var engine = BLAKE3Engine()
        #expect(blakeHex(engine.finalize())
            == "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262")
        #expect(BLAKE3Engine.algorithm == .blake3)
    }

    @Test("Official test-vector inputs, one-shot, with every kernel level", arguments: levels)
    func testVectors(level: Int32) {
        let probe = BLAKE3Engine(simdLevel: level)
        print("BLAKE3 level \(level) requested, \(probe.simdLevel) used "
            + "(CPU best: \(cblake3_detected_simd_level()))")
        for (length, expected) in Self.vectors {
            var engine = BLAKE3Engine(simdLevel: level)
            Self.vectorInput(length).withUnsafeBytes { engine.update($0) }
            #expect(blakeHex(engine.finalize()) == expected, "length \(length) level \(level)")
        }
        for (length, expected) in Self.vectors {
            let digest = Self.vectorInput(length).withUnsafeBytes { BLAKE3Engine.hash($0) }
            #expect(blakeHex(digest) == expected, "one-shot length \(length)")
        }
    }

    @Test("Streaming with two-piece splits across block and chunk boundaries equals one-shot")
    func streamingSplits() {
        for length in [1024, 1025, 2048, 2049, 3073, 4097] {
            let data = blakeTestBytes(count: length, seed: UInt64(length))
            let expected = data.withUnsafeBytes { BLAKE3Engine.hash($0) }
            for split in 0...length {
                var engine = BLAKE3Engine()
                data.withUnsafeBytes { bytes in
                    engine.update(UnsafeRawBufferPointer(rebasing: bytes[..<split]))
                    engine.update(UnsafeRawBufferPointer(rebasing: bytes[split...]))
                }
                #expect(engine.finalize() == expected, "length \(length) split \(split)")
            }
        }
    }

    @Test("Streaming in uneven pieces equals one-shot, with every kernel level", arguments: levels)
    func streamingPieces(level: Int32) {
        let data = blakeTestBytes(count: 300_000, seed: 3)
        let expected = data.withUnsafeBytes { BLAKE3Engine.hash($0) }
        for step in [1, 63, 64, 65, 1000, 1023, 1024, 1025, 4096, 65536, 100_003] {
            var engine = BLAKE3Engine(simdLevel: level)
            data.withUnsafeBytes { bytes in
                var start = 0
                // Vary the piece size so pieces start at many different chunk offsets.
                var piece = step
                while start < bytes.count {
                    let end = min(bytes.count, start + piece)
                    engine.update(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
                    start = end
                    piece = piece == step ? step * 3 + 1 : step
                }
            }
            #expect(engine.finalize() == expected, "step \(step) level \(level)")
        }
    }

    @Test("Copying an engine forks the computation (copy-on-write)")
    func copyForks() {
        let prefix = blakeTestBytes(count: 3000, seed: 11)
        var first = BLAKE3Engine()
        prefix.withUnsafeBytes { first.update($0) }
        var second = first
        Array("c".utf8).withUnsafeBytes { first.update($0) }
        Array("d".utf8).withUnsafeBytes { second.update($0) }
        #expect(first.finalize() == (prefix + Array("c".utf8)).withUnsafeBytes { BLAKE3Engine.hash($0) })
        #expect(second.finalize() == (prefix + Array("d".utf8)).withUnsafeBytes { BLAKE3Engine.hash($0) })
    }
}
