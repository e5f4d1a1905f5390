#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Android)
import Android
#endif

/// A value behind a mutual-exclusion lock: the library's `Mutex`.
///
/// Why not `Synchronization.Mutex`: on Linux (Swift 6.3) its lock is a futex driven from the
/// uninstrumented standard library, so ThreadSanitizer sees no happens-before edge between two
/// critical sections and reports every access inside `withLock` as a race (a minimal program with
/// four tasks incrementing a counter under `Mutex` reproduces it). `swift test --sanitize=thread`
/// must be clean and meaningful, so shared state sits behind this type instead: a
/// `pthread_mutex_t`, which ThreadSanitizer intercepts, with the same `withLock` shape as `Mutex`.
/// Uncontended, both cost a few tens of nanoseconds.
///
/// `@unchecked Sendable`: `value` is only read or written inside `withLock`, with the mutex held,
/// and the mutex itself lives at a fixed heap address for the object's lifetime.
package final class Locked<Value>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    /// Wraps `value`.
    package init(_ value: Value) {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        let status = pthread_mutex_init(mutex, nil)
        precondition(status == 0, "pthread_mutex_init failed with \(status)")
        self.value = value
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// Runs `body` with exclusive access to the value.
    package func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        lock()
        defer { unlock() }
        return try body(&value)
    }

    private func lock() {
        let status = pthread_mutex_lock(mutex)
        precondition(status == 0, "pthread_mutex_lock failed with \(status)")
    }

    private func unlock() {
        let status = pthread_mutex_unlock(mutex)
        precondition(status == 0, "pthread_mutex_unlock failed with \(status)")
    }
}
