import CBLAKE

/// BLAKE2b with a 64-byte digest (RFC 7693), unkeyed.
///
/// The whole state lives inline in the struct (about 220 bytes), so creating an engine
/// allocates nothing; copying one forks the computation.
public struct BLAKE2bEngine: HashEngine, Sendable {
    public static let algorithm: HashAlgorithm = .blake2b

    private var state: cblake2b_state

    /// A fresh engine.
    public init() {
        state = cblake2b_state()
        cblake2b_init(&state)
    }

    /// Absorbs `bytes`.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        cblake2b_update(&state, base, bytes.count)
    }

    /// Returns the 64-byte digest. The engine must not be used afterwards.
    public mutating func finalize() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(CBLAKE2B_OUT_LEN))
        digest.withUnsafeMutableBufferPointer { out in
            guard let base = out.baseAddress else { return }
            cblake2b_final(&state, base)
        }
        return digest
    }

    /// The 64-byte BLAKE2b digest of `bytes`.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var engine = BLAKE2bEngine()
        engine.update(bytes)
        return engine.finalize()
    }
}
