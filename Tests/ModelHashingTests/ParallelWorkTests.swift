import ModelHashing
import ModelSigningPlatform
import Synchronization
import Testing

/// `ParallelWork`: every index to exactly one worker, bounded workers, first error rethrown.
/// (The workers record what they claim through `PlatformMutex`, which ThreadSanitizer sees.)
@Suite struct ParallelWorkTests {
    struct Stop: Error, Equatable {
        let index: Int
    }

    @Test(arguments: [1, 2, 7])
    func everyIndexIsClaimedExactlyOnce(workers: Int) throws {
        let claimed = PlatformMutex<[Int]>([])
        let started = Atomic<Int>(0)
        try ParallelWork.forEach(count: 1000, workers: workers) { (claim) throws(Stop) in
            started.add(1, ordering: .relaxed)
            while let index = claim() { claimed.withLock { $0.append(index) } }
        }
        #expect(claimed.withLock { $0.sorted() } == Array(0..<1000))
        #expect(started.load(ordering: .relaxed) <= workers)
    }

    @Test func noMoreWorkersThanItems() throws {
        let started = Atomic<Int>(0)
        try ParallelWork.forEach(count: 2, workers: 8) { (claim) throws(Stop) in
            started.add(1, ordering: .relaxed)
            while claim() != nil {}
        }
        #expect(started.load(ordering: .relaxed) <= 2)
        try ParallelWork.forEach(count: 0, workers: 8) { (_) throws(Stop) in Issue.record("no work, no worker") }
    }

    @Test(arguments: [1, 3])
    func theFirstErrorStopsTheHandOutAndIsRethrown(workers: Int) {
        let claimed = Atomic<Int>(0)
        #expect(throws: Stop(index: 10)) {
            try ParallelWork.forEach(count: 100_000, workers: workers) { (claim) throws(Stop) in
                while let index = claim() {
                    claimed.add(1, ordering: .relaxed)
                    if index == 10 { throw Stop(index: index) }
                }
            }
        }
        // One worker: nothing is claimed after the failing index.
        if workers == 1 { #expect(claimed.load(ordering: .relaxed) == 11) }
    }

    @Test func runCallsEveryWorkerOnce() {
        let seen = PlatformMutex<[Int]>([])
        ParallelWork.run(workers: 4) { worker in seen.withLock { $0.append(worker) } }
        #expect(seen.withLock { $0.sorted() } == [0, 1, 2, 3])
    }
}
