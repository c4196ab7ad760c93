import Dispatch
import ModelSigningPlatform
import Synchronization

/// The one way this package runs work on several threads: a bounded number of workers, the
/// calling thread among them, all finished when the call returns.
///
/// Workers come from Dispatch's shared pool (`concurrentPerform`), so no thread is created per
/// file or per call, and nested uses (a verified read's units, each hashed in BLAKE3 tree
/// mode) share the same threads instead of multiplying them.
package enum ParallelWork {
    /// Runs `body(worker)` once for each worker `0..<workers`, concurrently as far as the pool
    /// allows, and returns when every call has returned. With one worker, `body(0)` runs on the
    /// calling thread.
    package static func run(workers: Int, _ body: @Sendable (_ worker: Int) -> Void) {
        let count = max(1, workers)
        if count == 1 {
            body(0)
            return
        }
        DispatchQueue.concurrentPerform(iterations: count, execute: body)
    }

    /// Hands out the indices `0..<count` to up to `workers` workers, each index to exactly one,
    /// in increasing order of claiming. Each worker runs `worker` once with a `claim` function
    /// that returns its next index, or `nil` when none are left or another worker failed; a
    /// worker that throws stops the hand-out, and the first error thrown is rethrown here
    /// after every worker has returned.
    ///
    /// Per-worker state (a read buffer, an open file) lives in the `worker` closure's locals.
    package static func forEach<Failure: Error>(
        count: Int, workers: Int, _ worker: @Sendable (_ claim: () -> Int?) throws(Failure) -> Void
    ) throws(Failure) {
        guard count > 0 else { return }
        let handOut = HandOut(count: count)
        let failure = PlatformMutex<Failure?>(nil)
        run(workers: min(max(1, workers), count)) { _ in
            do throws(Failure) {
                try worker(handOut.claim)
            } catch {
                failure.withLock { if $0 == nil { $0 = error } }
                handOut.stop()
            }
        }
        if let error = failure.withLock({ $0.take() }) { throw error }
    }
}

/// The shared counter of ``ParallelWork/forEach(count:workers:_:)``: the next index, and
/// whether a worker failed.
private final class HandOut: Sendable {
    private let count: Int
    private let next = Atomic<Int>(0)
    private let stopped = Atomic<Bool>(false)

    init(count: Int) {
        self.count = count
    }

    func claim() -> Int? {
        guard !stopped.load(ordering: .relaxed) else { return nil }
        let index = next.add(1, ordering: .relaxed).oldValue
        return index < count ? index : nil
    }

    func stop() {
        stopped.store(true, ordering: .relaxed)
    }
}
