import Crypto
import Foundation

/// A signed checkpoint (a signed note in the transparency-dev format):
///
/// ```
/// <origin>\n<size>\n<base64 root>\n[<extension line>\n…]\n— <name> <base64(key hash ‖ signature)>\n…
/// ```
package struct Checkpoint: Sendable, Equatable {
    package struct Signature: Sendable, Equatable {
        package var name: String
        package var keyHash: [UInt8]
        package var signature: [UInt8]
    }

    package var origin: String
    package var size: Int64
    package var rootHash: [UInt8]
    package var extensionLines: [String]
    /// The signed text: everything up to and including the newline before the blank line.
    package var signedText: [UInt8]
    package var signatures: [Signature]

    /// Parses a signed note.
    package init(_ text: String) throws(SigstoreVerificationError) {
        let bytes = Array(text.utf8)
        // The note ends at the first blank line (two consecutive newlines).
        var split: Int?
        var position = 0
        while position + 1 < bytes.count {
            if bytes[position] == 0x0A, bytes[position + 1] == 0x0A {
                split = position
                break
            }
            position += 1
        }
        guard let split else {
            throw SigstoreVerificationError(.checkpoint, "malformed checkpoint: no blank line between the note and its signatures")
        }
        signedText = Array(bytes[...split])
        let noteLines = String(decoding: bytes[..<split], as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard noteLines.count >= 3 else {
            throw SigstoreVerificationError(.checkpoint, "malformed checkpoint: the note has fewer than 3 lines")
        }
        origin = String(noteLines[0])
        guard !origin.isEmpty else {
            throw SigstoreVerificationError(.checkpoint, "malformed checkpoint: empty origin")
        }
        guard let size = Int64(noteLines[1]), size >= 0 else {
            throw SigstoreVerificationError(.checkpoint, "malformed checkpoint: tree size \(DisplayText.quoted(noteLines[1])) is not a number")
        }
        self.size = size
        guard let root = Base64.decode(noteLines[2]), root.count == 32 else {
            throw SigstoreVerificationError(.checkpoint, "malformed checkpoint: root hash \(DisplayText.quoted(noteLines[2])) is not 32 bytes of base64")
        }
        rootHash = root
        extensionLines = noteLines.dropFirst(3).map(String.init)

        let signatureBlock = bytes[(split + 2)...]
        guard !signatureBlock.isEmpty, signatureBlock.last == 0x0A else {
            throw SigstoreVerificationError(.checkpoint, "malformed checkpoint: the signature block must end with a newline")
        }
        var signatures: [Signature] = []
        for line in String(decoding: signatureBlock.dropLast(), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("\u{2014} ") else {
                throw SigstoreVerificationError(.checkpoint, "malformed checkpoint: signature line does not start with an em dash: \(DisplayText.quoted(line))")
            }
            let fields = line.dropFirst(2).split(separator: " ", omittingEmptySubsequences: false)
            guard fields.count == 2, !fields[0].isEmpty, let blob = Base64.decode(fields[1]), blob.count > 4 else {
                throw SigstoreVerificationError(.checkpoint, "malformed checkpoint: bad signature line \(DisplayText.quoted(line))")
            }
            signatures.append(Signature(name: String(fields[0]), keyHash: Array(blob.prefix(4)), signature: Array(blob.dropFirst(4))))
        }
        guard !signatures.isEmpty else {
            throw SigstoreVerificationError(.checkpoint, "malformed checkpoint: no signatures")
        }
        self.signatures = signatures
    }

    /// The signed-note key hash of an Ed25519 key: the first 4 bytes of
    /// `SHA-256(name ‖ 0x0A ‖ 0x01 ‖ key)`.
    package static func ed25519KeyID(name: String, rawKey: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: Array(name.utf8))
        hasher.update(data: [0x0A, 0x01])
        hasher.update(data: rawKey)
        return Array(hasher.finalize())
    }

    /// Verifies the log's signature on this checkpoint; other (witness) signatures are ignored.
    ///
    /// The log's line is the one whose key hash is the first 4 bytes of the log ID. For
    /// Ed25519 (Rekor v2) logs the line's name must also be the origin, and the key hash is
    /// recomputed from that name and the key.
    package func verify(by log: TransparencyLogInstance) throws(SigstoreVerificationError) {
        guard let key = log.key else {
            throw SigstoreVerificationError(.checkpoint, "the key of log \(log.displayName) cannot be read")
        }
        let expectedHash = Array(log.logID.prefix(4))
        let candidates = signatures.filter { $0.keyHash == expectedHash }
        guard !candidates.isEmpty else {
            throw SigstoreVerificationError(
                .checkpoint, "no signature by log \(log.displayName) (key hash \(Hex.encode(expectedHash))) among \(signatures.count) signature line(s)")
        }
        for candidate in candidates {
            if key.kind == .ed25519 {
                guard candidate.name == origin else { continue }
                let computed = Checkpoint.ed25519KeyID(name: candidate.name, rawKey: key.rawKeyBytes)
                guard Array(computed.prefix(4)) == expectedHash else { continue }
            }
            if key.isValidSignature(candidate.signature, for: signedText, digest: log.signatureDigest) {
                return
            }
            throw SigstoreVerificationError(.checkpoint, "checkpoint signature invalid for log \(log.displayName)")
        }
        throw SigstoreVerificationError(.checkpoint, "no signature line for origin \(DisplayText.quoted(origin)) matches the key of log \(log.displayName)")
    }
}
