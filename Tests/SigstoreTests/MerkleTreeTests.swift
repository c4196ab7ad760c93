import Testing
@testable import Sigstore

/// RFC 6962 Merkle inclusion proofs against independently computed vectors.
///
/// No published RFC 6962 test-vector file was available offline, so the vectors below were
/// computed with this small Python script, written directly from RFC 6962 §2.1 (MTH and PATH)
/// and sharing no code with the Swift implementation. The leaves are the eight inputs of
/// Certificate Transparency's Merkle test data; the eight roots agree with the values published
/// there as far as we recall them, which could not be checked offline.
///
/// ```python
/// # Independent RFC 6962 §2.1 reference: MTH and PATH written from the RFC's definitions.
/// import hashlib
/// def h(b): return hashlib.sha256(b).digest()
/// def mth(d):
///     n = len(d)
///     if n == 0: return h(b"")
///     if n == 1: return h(b"\x00" + d[0])
///     k = 1
///     while k * 2 < n: k *= 2
///     return h(b"\x01" + mth(d[:k]) + mth(d[k:]))
/// def path(m, d):
///     n = len(d)
///     if n <= 1: return []
///     k = 1
///     while k * 2 < n: k *= 2
///     if m < k: return path(m, d[:k]) + [mth(d[k:])]
///     return path(m - k, d[k:]) + [mth(d[:k])]
/// leaves = [bytes.fromhex(x) for x in ["", "00", "10", "2021", "3031", "40414243",
///           "5051525354555657", "606162636465666768696a6b6c6d6e6f"]]
/// for n in range(1, 9):
///     print("root", n, mth(leaves[:n]).hex())
/// for n in range(1, 9):
///     for m in range(n):
///         print("path", m, n, ",".join(p.hex() for p in path(m, leaves[:n])))
/// ```
enum RFC6962Vectors {
    static let leaves: [String] = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"]
    /// MTH of the first n leaves, n = 1…8.
    static let roots: [String] = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]
    /// (index, size, audit path).
    static let paths: [(Int64, Int64, [String])] = [
        (0, 1, []),
        (0, 2, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"]),
        (1, 2, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"]),
        (0, 3, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7"]),
        (1, 3, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7"]),
        (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
        (0, 4, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"]),
        (1, 4, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"]),
        (2, 4, ["07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7", "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
        (3, 4, ["0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7", "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
        (0, 5, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
        (1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
        (2, 5, ["07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7", "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
        (3, 5, ["0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7", "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
        (4, 5, ["d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
        (0, 6, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"]),
        (1, 6, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"]),
        (2, 6, ["07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7", "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125", "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"]),
        (3, 6, ["0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7", "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125", "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"]),
        (4, 6, ["4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
        (5, 6, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
        (0, 7, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "837dbb152e9b079010717e84e865da4ebc0fa198a806d59d31bf15accef22d0e"]),
        (1, 7, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "837dbb152e9b079010717e84e865da4ebc0fa198a806d59d31bf15accef22d0e"]),
        (2, 7, ["07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7", "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125", "837dbb152e9b079010717e84e865da4ebc0fa198a806d59d31bf15accef22d0e"]),
        (3, 7, ["0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7", "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125", "837dbb152e9b079010717e84e865da4ebc0fa198a806d59d31bf15accef22d0e"]),
        (4, 7, ["4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658", "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
        (5, 7, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b", "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
        (6, 7, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
        (0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
        (1, 8, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
        (2, 8, ["07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7", "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
        (3, 8, ["0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7", "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
        (4, 8, ["4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
        (5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
        (6, 8, ["46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1", "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
        (7, 8, ["b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f", "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    ]
}

struct MerkleTreeTests {
    struct ProofCase: Sendable, CustomTestStringConvertible {
        var index: Int64
        var size: Int64
        var path: [String]
        var testDescription: String { "leaf \(index) of \(size)" }
    }

    static let cases = RFC6962Vectors.paths.map { ProofCase(index: $0.0, size: $0.1, path: $0.2) }

    @Test("every audit path reaches the tree root", arguments: cases)
    func inclusion(_ proof: ProofCase) throws {
        let leaf = MerkleTree.leafHash([UInt8](hex: RFC6962Vectors.leaves[Int(proof.index)]))
        let root = try MerkleTree.rootFromInclusionProof(index: proof.index, size: proof.size, leafHash: leaf,
                                                         proof: proof.path.map { [UInt8](hex: $0) })
        #expect(Hex.encode(root) == RFC6962Vectors.roots[Int(proof.size) - 1])
    }

    @Test("a changed audit-path hash or leaf gives another root", arguments: cases.filter { !$0.path.isEmpty })
    func tampered(_ proof: ProofCase) throws {
        let leaf = MerkleTree.leafHash([UInt8](hex: RFC6962Vectors.leaves[Int(proof.index)]))
        var hashes = proof.path.map { [UInt8](hex: $0) }
        hashes[hashes.count - 1][0] ^= 0x01
        let root = try MerkleTree.rootFromInclusionProof(index: proof.index, size: proof.size, leafHash: leaf, proof: hashes)
        #expect(Hex.encode(root) != RFC6962Vectors.roots[Int(proof.size) - 1])
        let otherLeaf = MerkleTree.leafHash([0xFF])
        let rootForOtherLeaf = try MerkleTree.rootFromInclusionProof(index: proof.index, size: proof.size, leafHash: otherLeaf,
                                                                     proof: proof.path.map { [UInt8](hex: $0) })
        #expect(Hex.encode(rootForOtherLeaf) != RFC6962Vectors.roots[Int(proof.size) - 1])
    }

    @Test func rejectsMalformedProofs() throws {
        let leaf = MerkleTree.leafHash([])
        let path = try #require(RFC6962Vectors.paths.first { $0.0 == 2 && $0.1 == 5 }).2.map { [UInt8](hex: $0) }
        // Wrong length: one hash too many, one too few.
        #expect(throws: SigstoreVerificationError.self) {
            _ = try MerkleTree.rootFromInclusionProof(index: 2, size: 5, leafHash: leaf, proof: path + [path[0]])
        }
        #expect(throws: SigstoreVerificationError.self) {
            _ = try MerkleTree.rootFromInclusionProof(index: 2, size: 5, leafHash: leaf, proof: Array(path.dropLast()))
        }
        // Index outside the tree, empty tree, short hash.
        #expect(throws: SigstoreVerificationError.self) {
            _ = try MerkleTree.rootFromInclusionProof(index: 5, size: 5, leafHash: leaf, proof: path)
        }
        #expect(throws: SigstoreVerificationError.self) {
            _ = try MerkleTree.rootFromInclusionProof(index: -1, size: 5, leafHash: leaf, proof: path)
        }
        #expect(throws: SigstoreVerificationError.self) {
            _ = try MerkleTree.rootFromInclusionProof(index: 0, size: 0, leafHash: leaf, proof: [])
        }
        #expect(throws: SigstoreVerificationError.self) {
            _ = try MerkleTree.rootFromInclusionProof(index: 2, size: 5, leafHash: leaf, proof: [[0x01]] + path.dropFirst())
        }
    }

    @Test func hashPrefixes() {
        // RFC 6962: the empty leaf hashes to SHA-256(0x00), the first CT test root.
        #expect(Hex.encode(MerkleTree.leafHash([])) == RFC6962Vectors.roots[0])
        #expect(MerkleTree.nodeHash([UInt8](repeating: 0, count: 32), [UInt8](repeating: 0, count: 32)) !=
                MerkleTree.leafHash([UInt8](repeating: 0, count: 64)))
    }
}
