import ModelHashing
import ModelSigningPlatform
import Sigstore

/// The machinery behind verified reads: which units a read touches, the cache, hashing them
/// in parallel into the right memory, and comparing digests.
extension SignedModel {
    /// What one read of one file will verify: its units (one per shard, or the whole file),
    /// and the file as found on disk when known.
    struct ReadPlan {
        let path: ModelPath
        /// Units in offset order; each carries its signed resource.
        let units: [(range: Range<Int64>, resource: Resource)]
        var file: ModelFile?
        /// The file's size as far as the read is concerned: signed (shards), verified
        /// (cached whole file) or found on disk (files, to be confirmed by the digest).
        var size: Int64 { units.last?.range.upperBound ?? 0 }
    }

    /// One requested range and the memory it must end up in (exactly `range.count` bytes).
    struct ReadRequest {
        let range: Range<Int64>
        let destination: UnsafeMutableRawBufferPointer
    }

    /// The signed name for `path` (a single-file model's file answers to `.` and its basename).
    func signedPath(_ path: ModelPath) throws(ModelSigningError) -> ModelPath {
        if isSingleFile, path == .singleFile || path == singleFileName { return .singleFile }
        guard resourcesByPath[path] != nil else {
            throw .invalidRequest("\(path) is not in the signature; only signed files can be read through a verified read")
        }
        return path
    }

    /// Finds the file on disk now, refusing links unless the signature allows them, and then
    /// only links that stay inside the model or the configured symlink roots.
    func lookUp(_ path: ModelPath) throws(ModelSigningError) -> ModelFile {
        let walkOptions = TreeWalkOptions(allowSymlinks: manifest.serialization.allowSymlinks, ignoreGitPaths: false,
                                          symlinkRoots: options.symlinkRoots)
        do throws(ModelHashingError) {
            let tree = try ModelTreeWalker.files([path], in: modelPath, options: walkOptions)
            guard let file = tree.files.first else { throw ModelHashingError.fileNotFound(path: path.string) }
            return file
        } catch {
            throw .hashing(error)
        }
    }

    func plan(_ requestedPath: ModelPath) throws(ModelSigningError) -> ReadPlan {
        let path = try signedPath(requestedPath)
        let resources = resourcesByPath[path] ?? []
        switch manifest.serialization.method {
        case .shards:
            var units: [(range: Range<Int64>, resource: Resource)] = []
            for resource in resources {
                guard let range = resource.range else {
                    throw .invalidPayload("resource \(resource.name) has no byte range in a shard signature")
                }
                units.append((range, resource))
            }
            return ReadPlan(path: path, units: units, file: nil)
        case .files:
            guard let resource = resources.first else {
                throw .invalidRequest("\(path) is not in the signature")
            }
            if let cached = cache.withLock({ $0.lookup(.init(path: path, start: 0)) }) {
                return ReadPlan(path: path, units: [(cached.range, resource)], file: nil)
            }
            let file = try lookUp(path)
            return ReadPlan(path: path, units: [(0..<file.size, resource)], file: file)
        }
    }

    /// Verifies every unit `requests` touch (every unit of the file when `wholeFile`) and
    /// fills each request's memory from verified bytes. On error, request memory may hold
    /// partial data and must be discarded or cleared by the caller.
    func execute(_ plan: ReadPlan, _ requests: [ReadRequest], wholeFile: Bool) throws(ModelSigningError) {
        var plan = plan
        let touched = plan.units.indices.filter { index in
            wholeFile || requests.contains { $0.range.overlaps(plan.units[index].range) }
        }
        // Serve what the cache holds; collect the rest.
        var pending: [Int] = []
        for index in touched {
            let unit = plan.units[index]
            let key = VerifiedUnitCache.Key(path: plan.path, start: unit.range.lowerBound)
            if let entry = cache.withLock({ $0.lookup(key) }), entry.range == unit.range {
                entry.bytes.withUnsafeBytes { bytes in
                    SignedModel.copy(bytes, of: unit.range, into: requests)
                }
                counters.recordHit()
            } else {
                pending.append(index)
            }
        }
        guard !pending.isEmpty else { return }

        let file: ModelFile
        if let known = plan.file {
            file = known
        } else {
            file = try lookUp(plan.path)
            plan.file = file
        }
        if case .files = manifest.serialization.method, let resource = plan.units.first?.resource {
            // The whole file as it is now; its digest decides (a changed size cannot match).
            plan = ReadPlan(path: plan.path, units: [(0..<file.size, resource)], file: file)
            pending = [0]
        }
        try checkLayout(plan, file: file)
        try hashUnits(plan, pending, file: file, requests: requests)
    }

    /// With shards, the file on disk must have exactly the signed size, i.e. the same shards.
    private func checkLayout(_ plan: ReadPlan, file: ModelFile) throws(ModelSigningError) {
        guard case .shards(let shardSize) = manifest.serialization.method else { return }
        var layout: [Range<Int64>] = []
        var start: Int64 = 0
        while start < file.size {
            layout.append(start..<min(file.size, start + shardSize))
            start += shardSize
        }
        let signed = plan.units.map(\.range)
        guard signed != layout else { return }
        let signedSet = Set(signed.map { [$0.lowerBound, $0.upperBound] })
        let layoutSet = Set(layout.map { [$0.lowerBound, $0.upperBound] })
        let name = plan.units.first?.resource.path.string ?? plan.path.string
        throw .modelMismatch(ModelMismatch(
            missing: plan.units.filter { !layoutSet.contains([$0.range.lowerBound, $0.range.upperBound]) }.map(\.resource.name),
            extra: layout.filter { !signedSet.contains([$0.lowerBound, $0.upperBound]) }
                .map { "\(name):\($0.lowerBound):\($0.upperBound)" },
            changed: []))
    }

    /// How one unit is read: straight into the requests' memory, or whole into a new array
    /// that is cached once it verified.
    fileprivate enum UnitOutcome: Sendable {
        case direct(digest: [UInt8])
        case cached(digest: [UInt8], bytes: [UInt8])

        var digest: [UInt8] {
            switch self {
            case .direct(let digest), .cached(let digest, _): return digest
            }
        }
    }

    private func hashUnits(_ plan: ReadPlan, _ pending: [Int], file: ModelFile,
                           requests: [ReadRequest]) throws(ModelSigningError) {
        let configuration = options.hashing.with(serialization: manifest.serialization)
        let outcomes = UnitOutcomes()
        let counters = self.counters
        let capacity = Int64(options.cacheCapacity)
        // The workers write into disjoint parts of the requests' memory (one unit each), and
        // the memory outlives this call, so sharing the pointers between threads is sound.
        let shared = SharedRequests(requests)
        let units = plan.units
        // Large BLAKE3 units go one at a time with every worker (tree mode), as in hashing a model.
        let treeUnits = pending.filter {
            BLAKE3TreeHashing.applies(to: Int64(units[$0].range.count), algorithm: configuration.serialization.hashAlgorithm,
                                      configuration: configuration)
        }
        let pooledUnits = pending.filter { !treeUnits.contains($0) }

        let hashUnit: @Sendable (Int) throws(ModelHashingError) -> Void = { index throws(ModelHashingError) in
            let unit = units[index]
            let requests = shared.requests
            let coveredWhole = requests.contains { $0.range.lowerBound <= unit.range.lowerBound && $0.range.upperBound >= unit.range.upperBound }
            let outcome: UnitOutcome
            let hashed: HashingRangeReader.HashedRange
            if !coveredWhole, unit.range.count > 0, Int64(unit.range.count) <= capacity {
                // Needed only in part: keep the whole verified unit for later reads.
                var hashError: ModelHashingError?
                var result: HashingRangeReader.HashedRange?
                let length = Int(unit.range.count)
                let bytes = [UInt8](unsafeUninitializedCapacity: length) { buffer, count in
                    do throws(ModelHashingError) {
                        let memory = UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[..<length]))
                        let window = HashingRangeReader.Window(range: unit.range, destination: memory)
                        result = try HashingRangeReader.hash(unit.range, of: file, configuration: configuration, keeping: [window])
                        count = length
                    } catch {
                        hashError = error
                        count = 0
                    }
                }
                if let hashError { throw hashError }
                guard let result else { throw .fileChanged(path: file.path.string) }
                hashed = result
                outcome = .cached(digest: result.digest, bytes: bytes)
            } else {
                let windows = SignedModel.windows(for: unit.range, in: requests)
                hashed = try HashingRangeReader.hash(unit.range, of: file, configuration: configuration, keeping: windows)
                outcome = .direct(digest: hashed.digest)
            }
            counters.recordHashed(bytes: Int64(unit.range.count), parallelWorkers: hashed.parallelWorkers)
            outcomes.store(outcome, at: index)
        }

        do throws(ModelHashingError) {
            try ParallelWork.forEach(count: pooledUnits.count, workers: configuration.workers) { (claim) throws(ModelHashingError) in
                while let position = claim() { try hashUnit(pooledUnits[position]) }
            }
            for index in treeUnits { try hashUnit(index) }
        } catch {
            throw .hashing(error)
        }

        let results = outcomes.all
        var changed: [ModelMismatch.Change] = []
        for index in pending {
            let resource = units[index].resource
            guard let outcome = results[index] else {
                throw .hashing(.fileChanged(path: plan.path.string))
            }
            if outcome.digest != resource.digest {
                changed.append(ModelMismatch.Change(name: resource.name, expectedDigest: resource.digestHex,
                                                    actualDigest: Hex.encode(outcome.digest)))
            }
        }
        guard changed.isEmpty else { throw .modelMismatch(ModelMismatch(missing: [], extra: [], changed: changed)) }

        // Every unit verified: hand out the cached ones' bytes and keep them.
        for index in pending {
            guard case .cached(_, let bytes)? = results[index] else { continue }
            let range = units[index].range
            bytes.withUnsafeBytes { SignedModel.copy($0, of: range, into: requests) }
            cache.withLock { $0.insert(.init(path: plan.path, start: range.lowerBound), range: range, bytes: bytes) }
        }
    }

    /// The parts of `requests` that fall inside `unit`, as windows onto their memory.
    static func windows(for unit: Range<Int64>, in requests: [ReadRequest]) -> [HashingRangeReader.Window] {
        requests.compactMap { request in
            let lower = max(unit.lowerBound, request.range.lowerBound)
            let upper = min(unit.upperBound, request.range.upperBound)
            guard lower < upper else { return nil }
            let start = Int(lower - request.range.lowerBound)
            let memory = UnsafeMutableRawBufferPointer(rebasing: request.destination[start..<(start + Int(upper - lower))])
            return HashingRangeReader.Window(range: lower..<upper, destination: memory)
        }
    }

    /// Copies verified bytes of `unit` into the requests that overlap it.
    static func copy(_ bytes: UnsafeRawBufferPointer, of unit: Range<Int64>, into requests: [ReadRequest]) {
        for window in windows(for: unit, in: requests) {
            let start = Int(window.range.lowerBound - unit.lowerBound)
            window.destination.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[start..<(start + window.destination.count)]))
        }
    }
}

/// The outcome of each hashed unit, by unit index, filled by the hashing workers.
private final class UnitOutcomes: Sendable {
    private let outcomes = PlatformMutex<[Int: SignedModel.UnitOutcome]>([:])

    func store(_ outcome: SignedModel.UnitOutcome, at index: Int) {
        outcomes.withLock { $0[index] = outcome }
    }

    var all: [Int: SignedModel.UnitOutcome] { outcomes.withLock { $0 } }
}

/// Request memory handed to hashing workers; each worker writes only its own unit's part.
private struct SharedRequests: @unchecked Sendable {
    let requests: [SignedModel.ReadRequest]

    init(_ requests: [SignedModel.ReadRequest]) {
        self.requests = requests
    }
}
