/// A first-in, first-out lock for async code: holders may suspend while holding it.
///
/// `Study.ask` holds it from the snapshot to the recorded relative sample, so concurrent workers of
/// one `Study` handle each see the trials the others started (constant liar, pending points).
package final class AsyncLock: Sendable {
    package init() {}

    private struct State {
        var held = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Locked(State())

    /// Runs `body` holding the lock.
    package func withLock<Result: Sendable>(_ body: () async throws -> Result) async rethrows -> Result {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        let acquired = state.withLock { state -> Bool in
            guard !state.held else { return false }
            state.held = true
            return true
        }
        if acquired { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = state.withLock { state -> Bool in
                if !state.held {
                    state.held = true
                    return true
                }
                state.waiters.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    private func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.waiters.isEmpty {
                state.held = false
                return nil
            }
            // Ownership passes directly to the oldest waiter: `held` stays true.
            return state.waiters.removeFirst()
        }
        next?.resume()
    }
}
