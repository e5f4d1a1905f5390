public import HyperTuneCore

/// Prunes a trial whose best intermediate value so far is worse than a percentile of the values
/// that completed trials reported at the same step.
///
/// At a checkpoint (see below) with last reported step `t`, the trial is pruned when its best
/// value over all its reported steps is worse than the `percentile`-th percentile of the values
/// the complete trials reported at step `t` ("worse" and the percentile follow the study's
/// direction: when maximizing, the trial must beat the `(100 - percentile)`-th percentile of the
/// values). `PercentilePruner(25)` keeps the trials in the best quarter at each step;
/// `PercentilePruner(50)` is ``MedianPruner``.
///
/// Nothing is pruned
/// - until `startupTrials` trials have completed (pruned and failed trials do not count);
/// - before step `warmupSteps`;
/// - between checkpoints: after the warm-up, a trial is judged at the first report inside each
///   window of `intervalSteps` steps (`[warmupSteps + k·intervalSteps, warmupSteps + (k+1)·intervalSteps)`);
/// - when fewer than `minTrials` complete trials reported a value at step `t` (NaN values count
///   here; they are ignored in the percentile), or when all of them are NaN.
///
/// A trial whose reported values are all NaN is pruned at its first checkpoint after the
/// start-up. Only running trials' own values and complete trials' values are used: other running
/// trials and pruned trials are not part of the reference. Multi-objective studies are never
/// pruned (the rule needs one direction).
///
/// This is the percentile generalisation of the median stopping rule (Golovin et al., "Google
/// Vizier: A Service for Black-Box Optimization", KDD 2017), with the options and defaults of
/// Optuna's `PercentilePruner`, and the same decisions on the same history.
///
/// - Complexity: O(n + s + k log k) per decision, for n finished trials, s steps reported by the
///   judged trial and k complete trials that reported at its last step.
public struct PercentilePruner: Pruner {
    /// The percentile of the reference values a trial must be at least as good as, in 0...100.
    public let percentile: Double
    /// How many trials must have completed before any trial is pruned.
    public let startupTrials: Int
    /// The first step at which a trial can be pruned.
    public var warmupSteps: Int { checkpoint.warmupSteps }
    /// The number of steps between checks, counted from `warmupSteps`.
    public var intervalSteps: Int { checkpoint.intervalSteps }
    /// The minimum number of complete trials that reported at a step for that step to be judged.
    public let minTrials: Int

    private let checkpoint: PruningCheckpoint
    private let settings: SettingsCheck

    /// Throws the first setting out of its range, if any (`Study.create` calls it).
    ///
    /// - Throws: ``HyperTuneCore/SettingError`` naming the setting and its value.
    public func validate() throws {
        try settings.validate()
    }

    /// Creates the pruner.
    ///
    /// - Parameters:
    ///   - percentile: in 0...100; `25` keeps a trial only while it is in the best quarter.
    ///   - startupTrials: at least 0 (default 5).
    ///   - warmupSteps: at least 0 (default 0).
    ///   - intervalSteps: at least 1 (default 1: every step after the warm-up).
    ///   - minTrials: at least 1 (default 1).
    /// An argument out of its range makes ``validate()`` throw a ``HyperTuneCore/SettingError`` naming it, so
    /// `Study.create` refuses the pruner; judging a trial with such a pruner is a precondition failure.
    public init(_ percentile: Double, startupTrials: Int = 5, warmupSteps: Int = 0, intervalSteps: Int = 1, minTrials: Int = 1) {
        var check = SettingsCheck("PercentilePruner")
        check.require(percentile >= 0 && percentile <= 100, "percentile", percentile, "must be in 0...100")
        check.atLeast("startupTrials", startupTrials, 0)
        checkpoint = PruningCheckpoint(warmupSteps: warmupSteps, intervalSteps: intervalSteps, checkedBy: &check)
        check.atLeast("minTrials", minTrials, 1)
        settings = check
        self.percentile = percentile
        self.startupTrials = startupTrials
        self.minTrials = minTrials
    }

    /// Whether `trial` should stop now; see the type's discussion for the rule.
    ///
    /// - Complexity: O(n + s + k log k).
    public func shouldPrune(_ trial: TrialRecord, in study: StudySnapshot) -> Bool {
        settings.assertValid()
        guard !study.isMultiObjective, let step = checkpoint.stepToJudge(trial) else { return false }

        var completed = 0
        var reported = 0
        var reference: [Double] = []
        for other in study.finished where other.state == .complete && other.number != trial.number {
            completed += 1
            guard let value = other.intermediateValues[step] else { continue }
            reported += 1
            if !value.isNaN { reference.append(value) }
        }
        guard completed > 0, completed >= startupTrials else { return false }

        let direction = study.direction
        let best = trial.bestIntermediateValue(direction)
        if best.isNaN { return true }
        guard reported >= minTrials else { return false }
        switch direction {
        case .minimize:
            let threshold = linearPercentile(&reference, percentile)
            return !threshold.isNaN && best > threshold
        case .maximize:
            let threshold = linearPercentile(&reference, 100 - percentile)
            return !threshold.isNaN && best < threshold
        }
    }
}
