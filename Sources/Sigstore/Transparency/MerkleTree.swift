import Crypto

/// RFC 6962 / RFC 9162 Merkle tree hashing and inclusion-proof checking.
package enum MerkleTree {
    /// `SHA-256(0x00 ‖ leaf)`.
    package static func leafHash(_ leaf: some Collection<UInt8>) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: [0x00])
        hasher.update(data: Array(leaf))
        return Array(hasher.finalize())
    }

    /// `SHA-256(0x01 ‖ left ‖ right)`.
    package static func nodeHash(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: [0x01])
        hasher.update(data: left)
        hasher.update(data: right)
        return Array(hasher.finalize())
    }

    /// Computes the root implied by an inclusion proof (RFC 9162 §2.1.3.2).
    ///
    /// - Parameters:
    ///   - index: the leaf's index, `0 ..< size`.
    ///   - size: the tree size.
    ///   - leafHash: the leaf's hash.
    ///   - proof: the audit path, bottom up.
    /// - Throws: ``SigstoreVerificationError`` when the index is out of range, the proof has the
    ///   wrong length or holds hashes that are not 32 bytes.
    package static func rootFromInclusionProof(index: Int64, size: Int64, leafHash: [UInt8],
                                               proof: [[UInt8]]) throws(SigstoreVerificationError) -> [UInt8] {
        guard size > 0 else {
            throw SigstoreVerificationError(.inclusionProof, "tree size \(size) is not positive")
        }
        guard index >= 0, index < size else {
            throw SigstoreVerificationError(.inclusionProof, "leaf index \(index) is outside a tree of size \(size)")
        }
        for (position, hash) in proof.enumerated() where hash.count != 32 {
            throw SigstoreVerificationError(.inclusionProof, "proof hash #\(position) has \(hash.count) bytes, expected 32")
        }
        let leaf = UInt64(index)
        let last = UInt64(size - 1)
        let inner = UInt64.bitWidth - (leaf ^ last).leadingZeroBitCount
        let border = (leaf >> UInt64(inner)).nonzeroBitCount
        guard proof.count == inner + border else {
            throw SigstoreVerificationError(
                .inclusionProof,
                "the proof has \(proof.count) hashes; a leaf at index \(index) of a tree of size \(size) needs \(inner + border)")
        }
        var hash = leafHash
        for level in 0..<inner {
            if (leaf >> UInt64(level)) & 1 == 0 {
                hash = nodeHash(hash, proof[level])
            } else {
                hash = nodeHash(proof[level], hash)
            }
        }
        for sibling in proof[inner...] {
            hash = nodeHash(sibling, hash)
        }
        return hash
    }
}
