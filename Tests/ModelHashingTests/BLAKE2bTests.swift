import Testing

@testable import ModelHashing

@Suite("BLAKE2b engine")
struct BLAKE2bTests {
    @Test("Known answers: RFC 7693 Appendix A and others")
    func knownAnswers() {
        let cases: [(String, String)] = [
            ("", "786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419"
                + "d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce"),
            ("abc", "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
                + "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923"),
            ("The quick brown fox jumps over the lazy dog",
             "a8add4bdddfd93e4877d2746e62817b116364a1fa7bc148d95090bc7333b3673"
                + "f82401cf7aa2e4cb1ecd90296e3f14cb5413f8ed77be73045b13914cdcd6a918"),
        ]
        for (message, expected) in cases {
            let digest = Array(message.utf8).withUnsafeBytes { BLAKE2bEngine.hash($0) }
            #expect(blakeHex(digest) == expected, "message \"\(message)\"")
        }
        #expect(BLAKE2bEngine.algorithm == .blake2b)
    }

    @Test("Streaming with every split point around 128-byte blocks equals one-shot")
    func streamingSplits() {
        for length in [127, 128, 129, 255, 256, 257, 385] {
            let data = blakeTestBytes(count: length, seed: UInt64(length))
            let expected = data.withUnsafeBytes { BLAKE2bEngine.hash($0) }
            for split in 0...length {
                var engine = BLAKE2bEngine()
                data.withUnsafeBytes { bytes in
                    engine.update(UnsafeRawBufferPointer(rebasing: bytes[..<split]))
                    engine.update(UnsafeRawBufferPointer(rebasing: bytes[split...]))
                }
                #expect(engine.finalize() == expected, "length \(length) split \(split)")
            }
        }
    }

    @Test("Streaming in uneven pieces equals one-shot")
    func streamingPieces() {
        let data = blakeTestBytes(count: 5000, seed: 7)
        let expected = data.withUnsafeBytes { BLAKE2bEngine.hash($0) }
        for step in [1, 3, 64, 127, 128, 129, 1000] {
            var engine = BLAKE2bEngine()
            data.withUnsafeBytes { bytes in
                var start = 0
                while start < bytes.count {
                    let end = min(bytes.count, start + step)
                    engine.update(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
                    engine.update(UnsafeRawBufferPointer(start: nil, count: 0))
                    start = end
                }
            }
            #expect(engine.finalize() == expected, "step \(step)")
        }
    }

    @Test("Copying an engine forks the computation")
    func copyForks() {
        var first = BLAKE2bEngine()
        Array("ab".utf8).withUnsafeBytes { first.update($0) }
        var second = first
        Array("c".utf8).withUnsafeBytes { first.update($0) }
        Array("d".utf8).withUnsafeBytes { second.update($0) }
        #expect(first.finalize() == Array("abc".utf8).withUnsafeBytes { BLAKE2bEngine.hash($0) })
        #expect(second.finalize() == Array("abd".utf8).withUnsafeBytes { BLAKE2bEngine.hash($0) })
    }
}

/// Lower-case hex of `bytes`.
func blakeHex(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out = [UInt8]()
    out.reserveCapacity(bytes.count * 2)
    for byte in bytes {
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 15)])
    }
    return String(decoding: out, as: UTF8.self)
}

/// Deterministic pseudo-random bytes (SplitMix64), so failures reproduce.
func blakeTestBytes(count: Int, seed: UInt64) -> [UInt8] {
    var state = seed &+ 0x9E37_79B9_7F4A_7C15
    var out = [UInt8](repeating: 0, count: count)
    // Eight bytes per step, least significant first (debug builds are slow per byte).
    out.withUnsafeMutableBytes { raw in
        guard let base = raw.baseAddress else { return }
        var index = 0
        while index < count {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            let take = min(8, count - index)
            withUnsafeBytes(of: z.littleEndian) { word in
                if let source = word.baseAddress { (base + index).copyMemory(from: source, byteCount: take) }
            }
            index += take
        }
    }
    return out
}
