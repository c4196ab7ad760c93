import Dispatch
import ModelHashing

extension SignedModel {
    /// The size of a signed file in bytes.
    ///
    /// With `shards` serialization this is the size the signature records (authenticated).
    /// With `files` serialization the signature records no size, so this is the size on disk
    /// now (or of the verified copy in the cache); a later ``readFile(_:into:)`` confirms it
    /// through the digest, and fails if the file changed in between.
    ///
    /// - Throws: ``ModelSigningError/invalidRequest(_:)`` when `path` is not in the signature.
    public func size(of path: ModelPath) throws(ModelSigningError) -> Int64 {
        try plan(path).size
    }

    /// Reads a whole signed file, verified: returns only after the digest of every unit of the
    /// file (the file, or each of its shards) matched the signature. The bytes returned are
    /// the bytes that were hashed.
    ///
    /// - Throws: ``ModelSigningError/modelMismatch(_:)`` naming the units whose digests differ
    ///   (or the shards missing or extra when the size changed);
    ///   ``ModelSigningError/invalidRequest(_:)`` when `path` is not signed;
    ///   ``ModelSigningError/hashing(_:)`` when the file cannot be read, is a refused symbolic
    ///   link, or changed while it was read.
    public func readFile(_ path: ModelPath) throws(ModelSigningError) -> [UInt8] {
        let plan = try plan(path)
        return try SignedModel.filledArray(count: plan.size) { memory throws(ModelSigningError) in
            try execute(plan, [ReadRequest(range: 0..<plan.size, destination: memory)], wholeFile: true)
        }
    }

    /// Reads a whole signed file into memory the caller provides, verified as by
    /// `readFile(_:)`, and returns the number of bytes written (the file's size; use
    /// ``size(of:)`` to size the buffer).
    ///
    /// The file is read straight into `buffer` and hashed from there, so no copy is made. When
    /// the call throws, every byte of `buffer` has been set to zero: unverified bytes are never
    /// left behind. Do not touch `buffer` from elsewhere while the call runs.
    ///
    /// - Throws: as `readFile(_:)`, and ``ModelSigningError/invalidRequest(_:)`` when
    ///   `buffer` is smaller than the file.
    @discardableResult
    public func readFile(_ path: ModelPath, into buffer: UnsafeMutableRawBufferPointer) throws(ModelSigningError) -> Int {
        try SignedModel.zeroingOnError(buffer) { () throws(ModelSigningError) in
            let plan = try plan(path)
            guard plan.size <= Int64(buffer.count) else {
                throw .invalidRequest("a buffer of \(buffer.count) bytes cannot hold \(path) (\(plan.size) bytes)")
            }
            let memory = UnsafeMutableRawBufferPointer(rebasing: buffer[..<Int(plan.size)])
            try execute(plan, [ReadRequest(range: 0..<plan.size, destination: memory)], wholeFile: true)
            return Int(plan.size)
        }
    }

    /// Reads `range` of a signed file, verified: every unit the range touches is hashed in
    /// full (each once) and must match before the bytes are returned.
    ///
    /// With `shards` serialization that is the shards overlapping the range: reading 1 % of a
    /// large file hashes about 1 % plus at most one shard's worth at each end. With `files`
    /// serialization the whole file is hashed for every range read (unless the verified file
    /// is in the cache) — sign large files with shards for range reads. An empty range
    /// returns no bytes and verifies nothing.
    ///
    /// - Throws: as `readFile(_:)`, and ``ModelSigningError/invalidRequest(_:)`` when the
    ///   range does not lie within the file.
    public func read(_ path: ModelPath, range: Range<Int64>) throws(ModelSigningError) -> [UInt8] {
        let plan = try plan(path)
        try SignedModel.check(range, in: plan)
        guard !range.isEmpty else { return [] }
        return try SignedModel.filledArray(count: Int64(range.count)) { memory throws(ModelSigningError) in
            try execute(plan, [ReadRequest(range: range, destination: memory)], wholeFile: false)
        }
    }

    /// Reads `range` of a signed file into memory the caller provides (for example a reusable
    /// staging buffer), verified as by `read(_:range:)`, and returns the number of bytes
    /// written (`range.count`). When the call throws, every byte of `buffer` has been set to
    /// zero. Do not touch `buffer` from elsewhere while the call runs.
    ///
    /// - Throws: as `read(_:range:)`, and ``ModelSigningError/invalidRequest(_:)`` when
    ///   `buffer` is smaller than the range.
    @discardableResult
    public func read(_ path: ModelPath, range: Range<Int64>,
                     into buffer: UnsafeMutableRawBufferPointer) throws(ModelSigningError) -> Int {
        try SignedModel.zeroingOnError(buffer) { () throws(ModelSigningError) in
            let plan = try plan(path)
            try SignedModel.check(range, in: plan)
            guard Int64(range.count) <= Int64(buffer.count) else {
                throw .invalidRequest("a buffer of \(buffer.count) bytes cannot hold \(range.count) bytes of \(path)")
            }
            guard !range.isEmpty else { return 0 }
            let memory = UnsafeMutableRawBufferPointer(rebasing: buffer[..<range.count])
            try execute(plan, [ReadRequest(range: range, destination: memory)], wholeFile: false)
            return range.count
        }
    }

    /// Reads several ranges of one signed file at once, verifying every touched unit once even
    /// when several ranges share it — the efficient way to load many tensors from one file.
    /// Returns the bytes of each range, in the order given.
    ///
    /// - Throws: as `read(_:range:)`.
    public func read(_ path: ModelPath, ranges: [Range<Int64>]) throws(ModelSigningError) -> [[UInt8]] {
        let plan = try plan(path)
        for range in ranges { try SignedModel.check(range, in: plan) }
        let total = ranges.reduce(Int64(0)) { $0 + Int64($1.count) }
        var offsets: [Int] = []
        var running = 0
        for range in ranges {
            offsets.append(running)
            running += Int(range.count)
        }
        let all = try SignedModel.filledArray(count: total) { memory throws(ModelSigningError) in
            let requests = zip(ranges, offsets).map { range, offset in
                ReadRequest(range: range, destination: UnsafeMutableRawBufferPointer(rebasing: memory[offset..<(offset + Int(range.count))]))
            }
            try execute(plan, requests, wholeFile: false)
        }
        return zip(ranges, offsets).map { range, offset in Array(all[offset..<(offset + Int(range.count))]) }
    }

    // MARK: - Async

    /// `readFile(_:)` run off the cooperative thread pool.
    public func readFile(_ path: ModelPath) async throws(ModelSigningError) -> [UInt8] {
        try await SignedModel.offload { () throws(ModelSigningError) in try self.readFile(path) }
    }

    /// `read(_:range:)` run off the cooperative thread pool.
    public func read(_ path: ModelPath, range: Range<Int64>) async throws(ModelSigningError) -> [UInt8] {
        try await SignedModel.offload { () throws(ModelSigningError) in try self.read(path, range: range) }
    }

    /// ``read(_:ranges:)`` run off the cooperative thread pool.
    public func read(_ path: ModelPath, ranges: [Range<Int64>]) async throws(ModelSigningError) -> [[UInt8]] {
        try await SignedModel.offload { () throws(ModelSigningError) in try self.read(path, ranges: ranges) }
    }

    // MARK: - Helpers

    private static func check(_ range: Range<Int64>, in plan: ReadPlan) throws(ModelSigningError) {
        guard range.lowerBound >= 0, range.upperBound <= plan.size else {
            throw .invalidRequest("range \(range.lowerBound)..<\(range.upperBound) is not within \(plan.path) (\(plan.size) bytes)")
        }
        guard range.count <= Int64(Int.max / 2) else {
            throw .invalidRequest("range \(range.lowerBound)..<\(range.upperBound) is too large to read into memory")
        }
    }

    /// Runs `body`; if it throws, sets every byte of `buffer` to zero first.
    private static func zeroingOnError(_ buffer: UnsafeMutableRawBufferPointer,
                                       _ body: () throws(ModelSigningError) -> Int) throws(ModelSigningError) -> Int {
        do throws(ModelSigningError) {
            return try body()
        } catch {
            if buffer.count > 0 { buffer.initializeMemory(as: UInt8.self, repeating: 0) }
            throw error
        }
    }

    /// A new array of `count` bytes filled by `fill`; nothing is returned if `fill` throws.
    private static func filledArray(count: Int64, _ fill: (UnsafeMutableRawBufferPointer) throws(ModelSigningError) -> Void) throws(ModelSigningError) -> [UInt8] {
        guard count <= Int64(Int.max / 2) else { throw .invalidRequest("\(count) bytes is too large to read into memory") }
        var failure: ModelSigningError?
        let bytes = [UInt8](unsafeUninitializedCapacity: Int(count)) { buffer, initialized in
            do throws(ModelSigningError) {
                let memory = UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[..<Int(count)]))
                HugePageAdvice.apply(to: memory)
                try fill(memory)
                initialized = Int(count)
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        return bytes
    }

    private static func offload<T: Sendable>(_ work: @escaping @Sendable () throws(ModelSigningError) -> T) async throws(ModelSigningError) -> T {
        let result: Result<T, ModelSigningError> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                do throws(ModelSigningError) {
                    continuation.resume(returning: .success(try work()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }
}
