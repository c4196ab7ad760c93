/// A small deterministic random number generator (SplitMix64), so that a failing randomized
/// test case can be replayed from its seed.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E4B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `document` with one to three random kinds of damage: a flipped bit, a cut of up to 8
    /// bytes, one of `insertions` inserted, or a run of up to 40 bytes repeated.
    public mutating func damaged(_ document: [UInt8], inserting insertions: [UInt8]) -> [UInt8] {
        var document = document
        for _ in 0..<Int.random(in: 1...3, using: &self) {
            guard !document.isEmpty else { break }
            let position = Int.random(in: 0..<document.count, using: &self)
            switch Int.random(in: 0..<4, using: &self) {
            case 0: document[position] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &self)
            case 1: document.removeSubrange(position..<min(document.count, position + Int.random(in: 1...8, using: &self)))
            case 2: document.insert(insertions.randomElement(using: &self) ?? 0x20, at: position)
            default:
                let end = min(document.count, position + Int.random(in: 1...40, using: &self))
                document.insert(contentsOf: document[position..<end], at: position)
            }
        }
        return document
    }
}
