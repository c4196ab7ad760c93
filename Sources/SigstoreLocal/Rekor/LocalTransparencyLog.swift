import Crypto
import Foundation
import Sigstore

/// The state of one loopback transparency log: its Merkle tree and checkpoint signer.
final class LocalTransparencyLog: Sendable {
    /// What appending an entry produced: everything a Rekor response needs.
    struct Integration: Sendable {
        var index: Int
        var treeSize: Int
        var rootHash: [UInt8]
        var proof: [[UInt8]]
        var checkpoint: String
        var leafHash: [UInt8]
    }

    let signer: LocalCheckpointSigner
    private let tree = LockedValue(LocalMerkleTree())
    /// Leaf hashes already logged, to refuse duplicates as Rekor does (409).
    private let logged = LockedValue<Set<[UInt8]>>([])

    /// A log whose tree starts with `seedLeaves` filler leaves, so that real entries have
    /// non-zero indexes and non-empty inclusion proofs.
    init(signer: LocalCheckpointSigner, seedLeaves: Int = 3) {
        self.signer = signer
        tree.withLock { tree in
            for index in 0..<seedLeaves { _ = tree.append(entry: Array("sigstore-local filler leaf \(index)".utf8)) }
        }
    }

    /// The current size, root and checkpoint.
    func head() throws -> (size: Int, rootHash: [UInt8], checkpoint: String) {
        let (size, root) = tree.withLock { ($0.size, $0.rootHash(size: $0.size)) }
        return (size, root, try signer.checkpoint(size: size, rootHash: root))
    }

    /// Appends `body`; nil when the same body is already in the log. The faults of
    /// ``LocalSigstoreFault`` that concern the proof and the checkpoint are applied here.
    func append(_ body: [UInt8], fault: LocalSigstoreFault.Kind?) throws -> Integration? {
        let leafHash = MerkleTree.leafHash(body)
        let isNew = logged.withLock { $0.insert(leafHash).inserted }
        guard isNew else { return nil }
        let (index, size, root, proof) = tree.withLock { tree -> (Int, Int, [UInt8], [[UInt8]]) in
            let index = tree.append(entry: body)
            return (index, tree.size, tree.rootHash(size: tree.size), tree.inclusionProof(index: index, size: tree.size))
        }
        var served = proof
        if fault == .rekorBadInclusionProof {
            if served.isEmpty { served = [Array(SHA256.hash(data: body))] } else { served[0][0] ^= 0x01 }
        }
        let checkpoint = try signer.checkpoint(size: size, rootHash: root, wrongKey: fault == .rekorCheckpointWrongKey)
        return Integration(index: index, treeSize: size, rootHash: root, proof: served, checkpoint: checkpoint, leafHash: leafHash)
    }
}
