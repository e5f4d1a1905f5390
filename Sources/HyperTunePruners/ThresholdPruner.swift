public import HyperTuneCore

/// Prunes a trial whose last intermediate value leaves a fixed range, or is NaN.
///
/// At a checkpoint (after `warmupSteps`, at the first report in each window of `intervalSteps`
/// steps, as for ``PercentilePruner``), the trial is pruned when its value at its last reported
/// step is below `lower`, above `upper`, or NaN. The bounds are on the raw values, so the rule
/// reads the same whether the study minimizes or maximizes: bound a loss from above (`upper:`),
/// an accuracy from below (`lower:`). It uses no other trial, so it works from the first trial
/// and in multi-objective studies (on the reported value).
///
/// Use it to stop diverging runs (a loss that exploded, a NaN) or runs that miss a known target.
/// The options and decisions are those of Optuna's `ThresholdPruner`.
///
/// - Complexity: O(s) per decision, for s steps reported by the judged trial.
public struct ThresholdPruner: Pruner {
    /// Values below this are pruned (`-infinity` when not given).
    public let lower: Double
    /// Values above this are pruned (`+infinity` when not given).
    public let upper: Double
    /// When a trial is judged: `warmupSteps` and `intervalSteps`.
    private let checkpoint: PruningCheckpoint
    private let settings: SettingsCheck

    /// The first step at which a trial can be pruned.
    public var warmupSteps: Int { checkpoint.warmupSteps }
    /// The number of steps between checks, counted from `warmupSteps`.
    public var intervalSteps: Int { checkpoint.intervalSteps }

    /// Throws the first setting out of its range, if any (`Study.create` calls it).
    ///
    /// - Throws: ``HyperTuneCore/SettingError`` naming the setting and its value.
    public func validate() throws {
        try settings.validate()
    }

    /// Creates the pruner.
    ///
    /// - Parameters:
    ///   - lower: the smallest acceptable value, or `nil` for none.
    ///   - upper: the largest acceptable value, or `nil` for none.
    ///   - warmupSteps: at least 0 (default 0).
    ///   - intervalSteps: at least 1 (default 1).
    /// At least one bound is needed, bounds are not NaN, `lower <= upper`, and the step counts are
    /// in their ranges; otherwise ``validate()`` throws a ``HyperTuneCore/SettingError`` naming the setting,
    /// so `Study.create` refuses the pruner; judging a trial with such a pruner is a precondition failure.
    public init(lower: Double? = nil, upper: Double? = nil, warmupSteps: Int = 0, intervalSteps: Int = 1) {
        let low = lower ?? -.infinity
        let high = upper ?? .infinity
        var check = SettingsCheck("ThresholdPruner")
        check.require(lower != nil || upper != nil, "lower", "nil", "must be given when upper is not")
        check.require(!low.isNaN && !high.isNaN, low.isNaN ? "lower" : "upper", Double.nan, "must not be NaN")
        check.require(!(low > high), "lower", low, "must be <= upper (\(high))")
        checkpoint = PruningCheckpoint(warmupSteps: warmupSteps, intervalSteps: intervalSteps, checkedBy: &check)
        settings = check
        self.lower = low
        self.upper = high
    }

    /// Whether `trial`'s last value is outside `lower...upper` or NaN, at a checkpoint.
    ///
    /// - Complexity: O(s).
    public func shouldPrune(_ trial: TrialRecord, in study: StudySnapshot) -> Bool {
        settings.assertValid()
        guard let step = checkpoint.stepToJudge(trial), let value = trial.intermediateValues[step] else { return false }
        return value.isNaN || value < lower || value > upper
    }
}
