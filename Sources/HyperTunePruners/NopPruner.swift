public import HyperTuneCore

/// A pruner that never prunes: every trial runs to the end.
///
/// - Complexity: O(1).
public struct NopPruner: Pruner {
    /// Creates the pruner.
    public init() {}

    /// Always `false`.
    public func shouldPrune(_ trial: TrialRecord, in study: StudySnapshot) -> Bool { false }
}
