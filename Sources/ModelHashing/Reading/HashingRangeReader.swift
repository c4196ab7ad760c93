import ModelSigningPlatform

/// Reads one byte range of a file, hashes exactly the bytes it read, and leaves chosen parts of
/// them in the caller's memory. Used for verified reads, where the bytes handed out must be the
/// very bytes whose digest was checked, never a second read from disk.
///
/// Parts of the range that fall inside a ``Window`` are read straight into the window's memory
/// and hashed from there; the rest streams through a private scratch buffer and is dropped.
/// Windows may overlap; an overlapping part is read into one window and copied (from the
/// hashed memory) into the others.
///
/// Changes are caught as in hashing: size, modification time and type must match the
/// ``ModelFile`` before and after reading, and reading must yield exactly the range's bytes.
package enum HashingRangeReader {
    /// Part of the hashed range to keep, and where to put it (exactly `range.count` bytes).
    package struct Window {
        package let range: Range<Int64>
        package let destination: UnsafeMutableRawBufferPointer

        package init(range: Range<Int64>, destination: UnsafeMutableRawBufferPointer) {
            precondition(Int64(destination.count) == range.count, "window memory must match its range")
            self.range = range
            self.destination = destination
        }
    }

    /// Largest read per system call (matches the hashing scheduler's buffer).
    static let chunkSize = 1 << 20

    /// The digest of a range, and how many workers hashed it at once (more than 1: BLAKE3's
    /// tree mode).
    package struct HashedRange: Sendable {
        package let digest: [UInt8]
        package let parallelWorkers: Int
    }

    /// Reads `range` of `file`, hashes it as `configuration` says (its serialization's
    /// algorithm; a large BLAKE3 range in tree mode on the configuration's workers, like
    /// ``ModelHasher``), and leaves the bytes of every window in the window's memory. Windows
    /// must lie inside `range`.
    ///
    /// On error the windows may hold partial data; callers must discard or clear them.
    package static func hash(_ range: Range<Int64>, of file: ModelFile, configuration: HashingConfiguration,
                             keeping windows: [Window] = []) throws(ModelHashingError) -> HashedRange {
        let algorithm = configuration.serialization.hashAlgorithm
        guard BLAKE3TreeHashing.applies(to: Int64(range.count), algorithm: algorithm, configuration: configuration) else {
            let digest = try hash(range, of: file, algorithm: algorithm, keeping: windows, progress: configuration.progress)
            return HashedRange(digest: digest, parallelWorkers: 1)
        }
        precondition(range.lowerBound >= 0, "negative offset")
        precondition(windows.allSatisfy { $0.range.isEmpty || (range.contains($0.range.lowerBound) && $0.range.upperBound <= range.upperBound) },
                     "windows must lie inside the hashed range")
        let outcome = try BLAKE3TreeHashing.hash(range, of: file, workers: configuration.workers,
                                                 readStrategy: configuration.readStrategy, windows: RangeWindows(windows),
                                                 progress: configuration.progress)
        return HashedRange(digest: outcome.digest, parallelWorkers: outcome.workers)
    }

    /// Reads `range` of `file` on the calling thread, returns the digest of its bytes and
    /// leaves the bytes of every window in the window's memory. Windows must lie inside `range`.
    ///
    /// On error the windows may hold partial data; callers must discard or clear them.
    package static func hash(_ range: Range<Int64>, of file: ModelFile, algorithm: HashAlgorithm,
                             keeping windows: [Window] = [],
                             progress: HashingProgress? = nil) throws(ModelHashingError) -> [UInt8] {
        precondition(range.lowerBound >= 0, "negative offset")
        precondition(windows.allSatisfy { $0.range.isEmpty || (range.contains($0.range.lowerBound) && $0.range.upperBound <= range.upperBound) },
                     "windows must lie inside the hashed range")
        switch algorithm {
        case .sha256: return try hash(SHA256Engine.self, range, of: file, windows: windows, progress: progress)
        case .blake2b: return try hash(BLAKE2bEngine.self, range, of: file, windows: windows, progress: progress)
        case .blake3: return try hash(BLAKE3Engine.self, range, of: file, windows: windows, progress: progress)
        }
    }

    private static func hash<Engine: HashEngine>(_ engineType: Engine.Type, _ range: Range<Int64>, of file: ModelFile,
                                                 windows: [Window], progress: HashingProgress?) throws(ModelHashingError) -> [UInt8] {
        let fd = open(file.sourcePath, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(path: file.path.string, operation: "open", errno: errno) }
        defer { _ = close(fd) }
        try file.checkUnchanged(descriptor: fd)

        let kept = windows.filter { !$0.range.isEmpty }
        // Cut points: every window edge, so each piece lies wholly inside or outside each window.
        var edges = Set<Int64>()
        for window in kept {
            edges.insert(window.range.lowerBound)
            edges.insert(window.range.upperBound)
        }
        let cuts = edges.filter { $0 > range.lowerBound && $0 < range.upperBound }.sorted()
        var scratch: UnsafeMutableRawBufferPointer?
        defer { scratch?.deallocate() }

        var engine = Engine()
        var offset = range.lowerBound
        var nextCut = 0
        while offset < range.upperBound {
            while nextCut < cuts.count, cuts[nextCut] <= offset { nextCut += 1 }
            let limit = nextCut < cuts.count ? cuts[nextCut] : range.upperBound
            let pieceEnd = min(limit, offset + Int64(chunkSize))
            let count = Int(pieceEnd - offset)
            let holders = kept.filter { $0.range.contains(offset) }
            let target: UnsafeMutableRawBufferPointer
            if let first = holders.first {
                let start = Int(offset - first.range.lowerBound)
                target = UnsafeMutableRawBufferPointer(rebasing: first.destination[start..<(start + count)])
            } else {
                if scratch == nil { scratch = .allocate(byteCount: chunkSize, alignment: 4096) }
                // Non-nil: allocated just above.
                target = UnsafeMutableRawBufferPointer(rebasing: scratch.unsafelyUnwrapped[..<count])
            }
            try readFully(fd, into: target, at: offset, file: file)
            engine.update(UnsafeRawBufferPointer(target))
            for other in holders.dropFirst() {
                let start = Int(offset - other.range.lowerBound)
                UnsafeMutableRawBufferPointer(rebasing: other.destination[start..<(start + count)])
                    .copyMemory(from: UnsafeRawBufferPointer(target))
            }
            progress?.add(Int64(count))
            offset = pieceEnd
        }
        try file.checkUnchanged(descriptor: fd)
        try file.checkPathUnchanged(descriptor: fd)
        return engine.finalize()
    }

    private static func readFully(_ fd: Int32, into target: UnsafeMutableRawBufferPointer, at offset: Int64,
                                  file: ModelFile) throws(ModelHashingError) {
        switch FileDescriptorIO.preadFully(fd, into: target, at: offset) {
        case .success(let count) where count < target.count:
            throw .fileChanged(path: file.path.string)
        case .success:
            return
        case .failure(let failure):
            throw .io(path: file.path.string, operation: "read", errno: failure.code)
        }
    }
}
