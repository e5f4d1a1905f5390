/// Where a trial is in its life.
///
/// `waiting` (enqueued) → `running` → one of the finished states `complete`, `pruned`, `fail`.
/// Only running (and waiting) trials change; a finished trial is never written again.
public enum TrialState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Enqueued, not started yet.
    case waiting
    /// Started, not finished.
    case running
    /// Finished with a value (or values).
    case complete
    /// Stopped early by a pruner (or by the objective throwing `TrialPruned`).
    case pruned
    /// Failed: the objective threw, returned NaN or infinity, or its worker died.
    case fail

    /// Whether the state is final: `complete`, `pruned` or `fail`.
    public var isFinished: Bool {
        switch self {
        case .complete, .pruned, .fail: true
        case .waiting, .running: false
        }
    }
}
