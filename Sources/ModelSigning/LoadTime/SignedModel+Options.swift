import ModelHashing
import Synchronization

extension SignedModel {
    /// How a ``SignedModel`` finds and reads files.
    public struct Options: Sendable {
        /// The default bound on verified bytes kept in memory: 256 MiB.
        public static let defaultCacheCapacity = 256 << 20

        /// Extra directories symbolic-link targets may lie in (for example a Hugging Face
        /// cache's `blobs/` folder). Used only when the signature records `allow_symlinks`;
        /// links to anywhere else are still refused.
        public var symlinkRoots: [String]
        /// At most this many bytes of verified units (shards, or whole files with `files`
        /// serialization) are kept in memory, so that later reads inside an already verified
        /// unit are served without reading or hashing again. A unit is kept only when a read
        /// needed just part of it and the unit fits; `0` disables the cache, in which case
        /// every read re-reads and re-hashes every unit it touches.
        public var cacheCapacity: Int
        /// How verified reads hash: workers (units of one read in parallel, and BLAKE3's tree
        /// mode within one large unit), read strategy and progress. Its serialization is not
        /// used: units are hashed as the signature records.
        public var hashing: HashingConfiguration

        /// Options with the given link roots, cache capacity in bytes and hashing configuration.
        public init(symlinkRoots: [String] = [], cacheCapacity: Int = Options.defaultCacheCapacity,
                    hashing: HashingConfiguration) {
            self.symlinkRoots = symlinkRoots
            self.cacheCapacity = max(0, cacheCapacity)
            self.hashing = hashing
        }

        /// Options with the given link roots, cache capacity in bytes and worker count.
        public init(symlinkRoots: [String] = [], cacheCapacity: Int = Options.defaultCacheCapacity,
                    workers: Int? = nil) {
            self.init(symlinkRoots: symlinkRoots, cacheCapacity: cacheCapacity,
                      hashing: HashingConfiguration(workers: workers))
        }

        /// Threads used to hash the units of one read (the hashing configuration's).
        public var workers: Int {
            get { hashing.workers }
            set { hashing.workers = newValue }
        }
    }

    /// The cost of the verified reads made so far.
    public struct Statistics: Sendable, Equatable {
        /// Bytes read from disk and hashed.
        public var bytesHashed: Int64
        /// Verification units (shards, or whole files) hashed and matched.
        public var unitsVerified: Int
        /// Units served from the cache of verified bytes without reading or hashing.
        public var cacheHits: Int

        /// Statistics with the given counts.
        public init(bytesHashed: Int64 = 0, unitsVerified: Int = 0, cacheHits: Int = 0) {
            self.bytesHashed = bytesHashed
            self.unitsVerified = unitsVerified
            self.cacheHits = cacheHits
        }
    }
}

/// Thread-safe counters behind ``SignedModel/statistics``.
final class ReadCounters: Sendable {
    private let bytes = Atomic<Int64>(0)
    private let units = Atomic<Int>(0)
    private let hits = Atomic<Int>(0)
    private let parallel = Atomic<Int>(0)

    /// Records one unit of `count` bytes hashed and matched by `parallelWorkers` workers at once.
    func recordHashed(bytes count: Int64, parallelWorkers: Int = 1) {
        bytes.add(count, ordering: .relaxed)
        units.add(1, ordering: .relaxed)
        if parallelWorkers > 1 { parallel.add(1, ordering: .relaxed) }
    }

    /// Units hashed by several workers at once (BLAKE3's tree mode).
    var unitsHashedInParallel: Int { parallel.load(ordering: .relaxed) }

    func recordHit() {
        hits.add(1, ordering: .relaxed)
    }

    func snapshot() -> SignedModel.Statistics {
        SignedModel.Statistics(bytesHashed: bytes.load(ordering: .relaxed), unitsVerified: units.load(ordering: .relaxed),
                               cacheHits: hits.load(ordering: .relaxed))
    }
}
