/// A streaming hash computation: feed bytes with ``update(_:)``, then take the digest once.
///
/// Engines are value types; each worker owns its own instance, so none of them needs locking.
public protocol HashEngine {
    /// The algorithm this engine computes.
    static var algorithm: HashAlgorithm { get }
    /// A fresh engine.
    init()
    /// Absorbs `bytes`.
    mutating func update(_ bytes: UnsafeRawBufferPointer)
    /// Returns the digest of everything absorbed so far. The engine must not be used afterwards.
    mutating func finalize() -> [UInt8]
}
