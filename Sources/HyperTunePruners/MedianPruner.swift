public import HyperTuneCore

/// Prunes a trial whose best intermediate value so far is worse than the median of the values
/// that completed trials reported at the same step: the median stopping rule.
///
/// The median stopping rule of Google Vizier (Golovin et al., "Google Vizier: A Service for
/// Black-Box Optimization", KDD 2017) stops a trial whose best objective value by step t is worse
/// than the median of the completed trials' running averages of the objective up to step t. Like
/// Optuna's `MedianPruner`, this compares the trial's best value so far with the median of the
/// values the complete trials reported at step t itself (not their running averages), which is
/// cheaper to compute and needs no history of averages. It is ``PercentilePruner`` at the 50th
/// percentile, with the same options: `startupTrials` complete trials before anything is pruned,
/// `warmupSteps`, `intervalSteps` and `minTrials`.
///
/// It is the study's default pruner. It is robust and needs no knowledge of the training budget,
/// but it is greedy: a configuration that starts slowly and ends best (a small learning rate, say)
/// can be stopped early. Raise `warmupSteps` when curves cross late.
///
/// - Complexity: O(n + s + k log k) per decision, for n finished trials, s steps reported by the
///   judged trial and k complete trials that reported at its last step.
public struct MedianPruner: Pruner {
    private let rule: PercentilePruner

    /// How many trials must have completed before any trial is pruned.
    public var startupTrials: Int { rule.startupTrials }
    /// The first step at which a trial can be pruned.
    public var warmupSteps: Int { rule.warmupSteps }
    /// The number of steps between checks, counted from `warmupSteps`.
    public var intervalSteps: Int { rule.intervalSteps }
    /// The minimum number of complete trials that reported at a step for that step to be judged.
    public var minTrials: Int { rule.minTrials }

    /// Creates the pruner.
    ///
    /// - Parameters:
    ///   - startupTrials: at least 0 (default 5).
    ///   - warmupSteps: at least 0 (default 0).
    ///   - intervalSteps: at least 1 (default 1: every step after the warm-up).
    ///   - minTrials: at least 1 (default 1).
    /// An argument out of its range makes ``validate()`` throw a ``HyperTuneCore/SettingError`` naming it, so
    /// `Study.create` refuses the pruner; judging a trial with such a pruner is a precondition failure.
    public init(startupTrials: Int = 5, warmupSteps: Int = 0, intervalSteps: Int = 1, minTrials: Int = 1) {
        rule = PercentilePruner(
            50, startupTrials: startupTrials, warmupSteps: warmupSteps, intervalSteps: intervalSteps, minTrials: minTrials)
    }

    /// Whether `trial`'s best value so far is worse than the median at its last step.
    ///
    /// - Complexity: O(n + s + k log k).
    public func shouldPrune(_ trial: TrialRecord, in study: StudySnapshot) -> Bool {
        rule.shouldPrune(trial, in: study)
    }

    /// Throws the first option out of its range, if any.
    public func validate() throws {
        do {
            try rule.validate()
        } catch var error as SettingError {
            error.type = "MedianPruner"
            throw error
        }
    }
}
