import Sigstore

/// An append-only RFC 6962 Merkle tree held in memory (leaf hashes only).
struct LocalMerkleTree: Sendable {
    private(set) var leafHashes: [[UInt8]] = []

    var size: Int { leafHashes.count }

    /// Appends the leaf hash of `entry`; returns its index.
    mutating func append(entry: [UInt8]) -> Int {
        leafHashes.append(MerkleTree.leafHash(entry))
        return leafHashes.count - 1
    }

    /// The root of the first `size` leaves (RFC 6962 §2.1: MTH).
    func rootHash(size: Int) -> [UInt8] {
        guard size > 0, size <= leafHashes.count else { return [] }
        return subtreeHash(leafHashes[0..<size])
    }

    /// The audit path of leaf `index` in the tree of the first `size` leaves (RFC 6962 §2.1.1).
    func inclusionProof(index: Int, size: Int) -> [[UInt8]] {
        guard index >= 0, index < size, size <= leafHashes.count else { return [] }
        return path(index: index, leaves: leafHashes[0..<size])
    }

    private func subtreeHash(_ leaves: ArraySlice<[UInt8]>) -> [UInt8] {
        if leaves.count == 1 { return leaves[leaves.startIndex] }
        let split = LocalMerkleTree.largestPowerOfTwo(below: leaves.count)
        let middle = leaves.startIndex + split
        return MerkleTree.nodeHash(subtreeHash(leaves[..<middle]), subtreeHash(leaves[middle...]))
    }

    private func path(index: Int, leaves: ArraySlice<[UInt8]>) -> [[UInt8]] {
        if leaves.count == 1 { return [] }
        let split = LocalMerkleTree.largestPowerOfTwo(below: leaves.count)
        let middle = leaves.startIndex + split
        if index < split {
            return path(index: index, leaves: leaves[..<middle]) + [subtreeHash(leaves[middle...])]
        }
        return path(index: index - split, leaves: leaves[middle...]) + [subtreeHash(leaves[..<middle])]
    }

    /// The largest power of two strictly smaller than `count` (count ≥ 2).
    static func largestPowerOfTwo(below count: Int) -> Int {
        var power = 1
        while power << 1 < count { power <<= 1 }
        return power
    }
}
