/// A value guarded by a POSIX mutex (`pthread_mutex_t`).
///
/// The standard library's `Synchronization.Mutex` waits on futexes from uninstrumented code, so
/// ThreadSanitizer does not see its lock and unlock as synchronization and reports the accesses
/// it guards as races. ThreadSanitizer intercepts the `pthread_mutex_*` calls, so state shared
/// between the hashing workers and concurrent verified reads is guarded by this instead: a
/// sanitizer run then reports real races only. Uncontended, both cost an atomic
/// compare-and-swap.
package final class PlatformMutex<Value: ~Copyable>: @unchecked Sendable {
    // The mutex must not move once initialized: it lives in memory this object owns.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    /// A mutex guarding `value`.
    package init(_ value: consuming Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        // Default attributes cannot fail to initialize on the systems supported.
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// Runs `body` with exclusive access to the value and returns what it returns.
    package func withLock<Result, Failure: Error>(
        _ body: (inout Value) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
