import Crypto
import Sigstore

extension FuzzTarget {
    /// The fixed signed material log entry bodies are compared with. The key, payload and
    /// signature are constants so that checked-in seeds (fuzz/corpus/rekor-body) match them and
    /// the fuzzer reaches every comparison.
    enum LogEntryMaterial {
        /// P-256 private scalar 1…32; only its public key is used.
        static let privateKey = try? P256.Signing.PrivateKey(rawRepresentation: Array(1...32 as ClosedRange<UInt8>))
        static let signerDER: [UInt8] = privateKey.map { Array($0.publicKey.derRepresentation) } ?? []
        static let payload = Array(#"{"_type":"https://in-toto.io/Statement/v1","subject":[]}"#.utf8)
        static let signature: [UInt8] = Array(0x30...0x47 as ClosedRange<UInt8>)
        static let artifact = Array("fuzzed artifact".utf8)

        /// Every combination the verifier can build: a DSSE envelope or a message signature,
        /// signed by a certificate or a bare key (the DER bytes are only compared, never parsed).
        static let all: [SignedMaterial] = {
            guard let key = try? VerificationKey(der: signerDER) else { return [] }
            let envelope = DSSEEnvelope(payload: payload, signatures: [DSSESignature(signature: signature)])
            let contents: [SignedMaterial.Content] = [
                .dsse(envelope),
                .message(signature: signature, digest: { $0.hash(artifact) }),
            ]
            return contents.flatMap { content in
                [true, false].map { SignedMaterial(content: content, signerDER: signerDER, signerIsCertificate: $0, signerKey: key) }
            }
        }()
    }

    /// Checks `input` as a log entry body against each fixed material, as verification does
    /// (the entry's kind and version are the body's own, else the check stops at the first line).
    static func checkLogEntryBody(_ input: [UInt8]) {
        let reader = try? JSONReader(document: input)
        let entry = TransparencyLogEntry(
            logIndex: 0, logID: [], kind: (try? reader?.string("kind")) ?? "", version: (try? reader?.string("apiVersion")) ?? "",
            integratedTime: nil, signedEntryTimestamp: nil, inclusionProof: nil, canonicalizedBody: input)
        for material in LogEntryMaterial.all {
            _ = try? LogEntryBody.check(entry, against: material)
        }
    }
}
