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
    /// The first step at which a trial can be pruned.
    public let warmupSteps: Int
    /// The number of steps between checks, counted from `warmupSteps`.
    public let intervalSteps: Int

    private let invalid: PrunerError?

    /// Throws the first option out of its range, if any.
    public func validate() throws {
        if let invalid { throw invalid }
    }

    /// Creates the pruner.
    ///
    /// - Parameters:
    ///   - lower: the smallest acceptable value, or `nil` for none.
    ///   - upper: the largest acceptable value, or `nil` for none.
    ///   - warmupSteps: at least 0 (default 0).
    ///   - intervalSteps: at least 1 (default 1).
    /// At least one bound is needed, bounds are not NaN, `lower <= upper`, and the step counts are
    /// in their ranges; otherwise ``validate()`` throws a ``HyperTuneCore/PrunerError`` naming the option (and
    /// `Study.create` calls `validate()`), and the pruner never prunes.
    public init(lower: Double? = nil, upper: Double? = nil, warmupSteps: Int = 0, intervalSteps: Int = 1) {
        let low = lower ?? -.infinity
        let high = upper ?? .infinity
        var check = OptionCheck("ThresholdPruner")
        check.require(lower != nil || upper != nil, "lower", "or upper (or both) must be given")
        check.require(!low.isNaN, "lower", "must not be NaN")
        check.require(!high.isNaN, "upper", "must not be NaN")
        check.require(!(low > high), "lower", "(\(low)) must be <= upper (\(high))")
        check.require(warmupSteps >= 0, "warmupSteps", "must be >= 0, got \(warmupSteps)")
        check.require(intervalSteps >= 1, "intervalSteps", "must be >= 1, got \(intervalSteps)")
        invalid = check.problem
        self.lower = low
        self.upper = high
        self.warmupSteps = warmupSteps
        self.intervalSteps = intervalSteps
    }

    /// Whether `trial`'s last value is outside `lower...upper` or NaN, at a checkpoint.
    ///
    /// - Complexity: O(s).
    public func shouldPrune(_ trial: TrialRecord, in study: StudySnapshot) -> Bool {
        guard invalid == nil, let step = trial.lastStep, let value = trial.intermediateValues[step] else { return false }
        let checkpoint = PruningCheckpoint(warmupSteps: warmupSteps, intervalSteps: intervalSteps)
        guard checkpoint.isCheckpoint(step, of: trial) else { return false }
        return value.isNaN || value < lower || value > upper
    }
}
