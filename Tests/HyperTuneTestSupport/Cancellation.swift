import HyperTuneCore

/// Suspends until the current task is cancelled, then throws `CancellationError`. No timers: the
/// continuation is resumed by the cancellation handler (or at once if already cancelled).
public func suspendUntilCancelled() async throws {
    let gate = CancellationGate()
    try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            gate.install(continuation)
        }
    } onCancel: {
        gate.cancel()
    }
}

private final class CancellationGate: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Void, any Error>?
        var cancelled = false
    }

    private let state = Locked(State())

    func install(_ continuation: CheckedContinuation<Void, any Error>) {
        let resumeNow = state.withLock { state -> Bool in
            if state.cancelled { return true }
            state.continuation = continuation
            return false
        }
        if resumeNow { continuation.resume(throwing: CancellationError()) }
    }

    func cancel() {
        let continuation = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            state.cancelled = true
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume(throwing: CancellationError())
    }
}

/// A counter that tasks can wait on until it reaches a value, without polling.
public final class CountdownSignal: Sendable {
    private struct State {
        var count = 0
        var waiters: [(Int, CheckedContinuation<Void, Never>)] = []
    }

    private let state = Locked(State())

    /// Creates a counter at zero.
    public init() {}

    /// Adds one and wakes the waiters whose target is reached.
    public func increment() {
        let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.count += 1
            let count = state.count
            let ready = state.waiters.filter { $0.0 <= count }.map(\.1)
            state.waiters.removeAll { $0.0 <= count }
            return ready
        }
        for continuation in ready { continuation.resume() }
    }

    /// Returns once the counter has reached `target`.
    public func wait(until target: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state -> Bool in
                if state.count >= target { return true }
                state.waiters.append((target, continuation))
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }
}
