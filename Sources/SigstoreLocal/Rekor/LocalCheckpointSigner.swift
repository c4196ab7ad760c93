import Crypto
import Foundation
import Sigstore

/// Signs checkpoints (signed notes) for a loopback log: ECDSA P-256 for Rekor v1, Ed25519 for
/// Rekor v2, with the key hashes of sigstore.md §2.4.
struct LocalCheckpointSigner: Sendable {
    enum Key: Sendable {
        case ecdsa(P256.Signing.PrivateKey)
        case ed25519(Curve25519.Signing.PrivateKey)
    }

    let origin: String
    /// The name on the signature line. Rekor v1 signs as its host name (the origin
    /// `<host> - <tree ID>` has spaces, which a signature line cannot hold); Rekor v2 as the origin.
    let signerName: String
    let key: Key

    init(origin: String, signerName: String? = nil, key: Key) {
        self.origin = origin
        self.signerName = signerName ?? origin
        self.key = key
    }

    /// The DER SubjectPublicKeyInfo of the log key.
    var publicKeyDER: [UInt8] {
        switch key {
        case .ecdsa(let key): return Array(key.publicKey.derRepresentation)
        case .ed25519(let key):
            // SubjectPublicKeyInfo { id-Ed25519 (1.3.101.112) } with the 32-byte key.
            return [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00] + Array(key.publicKey.rawRepresentation)
        }
    }

    /// The log ID of the trusted root: SHA-256 of the SPKI (ECDSA) or of the signed-note key
    /// material `origin ‖ 0x0A ‖ 0x01 ‖ key` (Ed25519).
    var logID: [UInt8] {
        switch key {
        case .ecdsa: return Array(SHA256.hash(data: publicKeyDER))
        case .ed25519(let key): return Checkpoint.ed25519KeyID(name: origin, rawKey: Array(key.publicKey.rawRepresentation))
        }
    }

    /// The signed checkpoint for a tree of `size` with `rootHash`. With `wrongKey`, the
    /// signature is made with a fresh key of the same type (the line keeps this log's key hash).
    func checkpoint(size: Int, rootHash: [UInt8], wrongKey: Bool = false) throws -> String {
        let note = "\(origin)\n\(size)\n\(Base64.encode(rootHash))\n"
        let signature: [UInt8]
        switch key {
        case .ecdsa(let key):
            let signing = wrongKey ? P256.Signing.PrivateKey() : key
            signature = Array(try signing.signature(for: Array(note.utf8)).derRepresentation)
        case .ed25519(let key):
            let signing = wrongKey ? Curve25519.Signing.PrivateKey() : key
            signature = Array(try signing.signature(for: Array(note.utf8)))
        }
        return note + "\n\u{2014} \(signerName) \(Base64.encode(Array(logID.prefix(4)) + signature))\n"
    }
}
