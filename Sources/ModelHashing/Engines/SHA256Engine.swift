import Crypto

/// SHA-256 through swift-crypto (BoringSSL, which uses the CPU's SHA extensions when present).
public struct SHA256Engine: HashEngine {
    public static let algorithm = HashAlgorithm.sha256

    private var hasher = SHA256()

    /// A fresh SHA-256 state.
    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        hasher.update(bufferPointer: bytes)
    }

    public mutating func finalize() -> [UInt8] {
        Array(hasher.finalize())
    }
}
