import CBLAKE

/// BLAKE3 in hash mode with a 32-byte output.
///
/// Large updates are hashed several chunks at a time in SIMD lanes (SSE4.1, AVX2 or AVX-512,
/// picked at run time). The state (chunk buffer and chaining-value stack, about 2.8 KB) sits in
/// one heap block made at `init`; `update` never allocates. Copies share that block until one
/// of them is updated (copy-on-write), so an engine behaves as a value.
public struct BLAKE3Engine: HashEngine {
    public static let algorithm: HashAlgorithm = .blake3

    var storage: BLAKE3HasherStorage

    /// A fresh engine using the fastest kernels this CPU supports.
    public init() {
        storage = BLAKE3HasherStorage.make(simdLevel: -1)
    }

    /// A fresh engine limited to the given `CBLAKE3_SIMD_*` level (lowered to what
    /// the CPU supports). Lets tests run every kernel.
    init(simdLevel: Int32) {
        storage = BLAKE3HasherStorage.make(simdLevel: simdLevel)
    }

    /// The kernel level in use (see `CBLAKE3_SIMD_*`).
    var simdLevel: Int32 {
        storage.withHasher { $0.pointee.simd_level }
    }

    /// Absorbs `bytes`.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        makeUnique()
        storage.withHasher { cblake3_hasher_update($0, base, bytes.count) }
    }

    /// Returns the 32-byte hash. The engine must not be used afterwards.
    public mutating func finalize() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(CBLAKE3_OUT_LEN))
        digest.withUnsafeMutableBufferPointer { out in
            guard let base = out.baseAddress else { return }
            storage.withHasher { cblake3_hasher_finalize($0, base) }
        }
        return digest
    }

    /// The 32-byte BLAKE3 hash of `bytes`.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var engine = BLAKE3Engine()
        engine.update(bytes)
        return engine.finalize()
    }

    /// Appends the chaining value of a complete subtree of `chunkCount` chunks (a power of two,
    /// aligned to the chunks absorbed so far); more input must follow before ``finalize()``.
    /// Returns `false` if the preconditions do not hold.
    mutating func appendSubtree(chainingValue: UnsafePointer<UInt8>, chunkCount: UInt64) -> Bool {
        makeUnique()
        return storage.withHasher { cblake3_hasher_push_subtree_cv($0, chainingValue, chunkCount) } == 0
    }

    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) {
            storage = storage.copy()
        }
    }
}

// Safe to send: the storage is only mutated through `makeUnique()`, so a shared block is never
// written while another value still refers to it (the same discipline as Array).
extension BLAKE3Engine: @unchecked Sendable {}

/// One heap block holding the C hasher inline (a single allocation per engine).
final class BLAKE3HasherStorage: ManagedBuffer<Void, cblake3_hasher> {
    static func make(simdLevel: Int32) -> BLAKE3HasherStorage {
        let buffer = unsafeDowncast(
            BLAKE3HasherStorage.create(minimumCapacity: 1) { _ in () }, to: BLAKE3HasherStorage.self)
        buffer.withUnsafeMutablePointerToElements { hasher in
            hasher.initialize(to: cblake3_hasher())
            _ = cblake3_hasher_init(hasher, simdLevel)
        }
        return buffer
    }

    func copy() -> BLAKE3HasherStorage {
        let clone = unsafeDowncast(
            BLAKE3HasherStorage.create(minimumCapacity: 1) { _ in () }, to: BLAKE3HasherStorage.self)
        withUnsafeMutablePointerToElements { source in
            clone.withUnsafeMutablePointerToElements { $0.initialize(to: source.pointee) }
        }
        return clone
    }

    @inline(__always)
    func withHasher<R>(_ body: (UnsafeMutablePointer<cblake3_hasher>) -> R) -> R {
        withUnsafeMutablePointerToElements(body)
    }

    deinit {
        // cblake3_hasher is plain data, so deinitializing the one element frees nothing else.
        _ = withUnsafeMutablePointerToElements { $0.deinitialize(count: 1) }
    }
}
