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
