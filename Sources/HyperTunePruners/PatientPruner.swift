public import HyperTuneCore

/// Prunes a trial that has stopped improving: the best of its last `patience + 1` reported values
/// is worse than its best value before them by more than `minDelta`.
///
/// With the trial's reported steps in order, split them into the last `patience + 1` ("recent")
/// and the ones before ("earlier"). The trial has lost patience when the best recent value is worse
/// than the best earlier value by more than `minDelta`, in the study's direction. A plateau (equal
/// values) does not lose patience; `minDelta` tolerates a small worsening, such as noise. NaN values
/// are ignored, and a side with only NaN values never loses patience. Nothing happens until the
/// trial has reported more than `patience + 1` steps.
///
/// On its own (`wrapped == nil`) the pruner prunes every trial that lost patience. Wrapping
/// another pruner makes it a gate: the wrapped pruner is asked only once the trial lost
/// patience, so a trial that is still improving is never pruned, however it compares with the
/// others. The sampler view is the wrapped pruner's (a wrapped ``HyperbandPruner`` keeps its
/// brackets). Options and decisions are those of Optuna's `PatientPruner`.
///
/// - Complexity: O(s log s) per decision for s steps reported by the judged trial, plus the
///   wrapped pruner's cost when it is asked.
public struct PatientPruner: Pruner {
    /// The pruner asked once a trial lost patience, or `nil` to prune it then.
    public let wrapped: (any Pruner)?
    /// How many reports without improvement are tolerated.
    public let patience: Int
    /// The smallest change that counts as an improvement.
    public let minDelta: Double

    private let settings: SettingsCheck

    /// Throws the first option out of its range, if any (this pruner's, then the wrapped one's).
    public func validate() throws {
        try settings.validate()
        try wrapped?.validate()
    }

    /// Creates the pruner.
    ///
    /// - Parameters:
    ///   - wrapped: the pruner to consult once a trial lost patience; `nil` prunes it then.
    ///   - patience: at least 0.
    ///   - minDelta: at least 0 (default 0).
    /// `patience >= 0` and `minDelta >= 0` (not NaN) are needed; otherwise ``validate()`` throws a
    /// ``HyperTuneCore/SettingError`` naming the setting, so `Study.create` refuses the pruner (as it does
    /// when `wrapped` has such a setting); judging a trial with such a pruner is a precondition failure.
    public init(_ wrapped: (any Pruner)?, patience: Int, minDelta: Double = 0) {
        var check = SettingsCheck("PatientPruner")
        check.atLeast("patience", patience, 0)
        check.require(minDelta >= 0, "minDelta", minDelta, "must be >= 0 and not NaN")
        settings = check
        self.wrapped = wrapped
        self.patience = patience
        self.minDelta = minDelta
    }

    /// Whether `trial` lost patience and (when there is one) the wrapped pruner prunes it.
    ///
    /// - Complexity: O(s log s), plus the wrapped pruner's cost.
    public func shouldPrune(_ trial: TrialRecord, in study: StudySnapshot) -> Bool {
        settings.assertValid()
        guard !study.isMultiObjective else { return false }
        let steps = trial.intermediateValues.keys.sorted()
        guard steps.count > patience + 1 else { return false }
        let split = steps.count - patience - 1
        let direction = study.direction
        func best(_ range: Range<Int>) -> Double {
            var best = Double.nan
            for index in range {
                let value = trial.intermediateValues[steps[index]]!
                if !value.isNaN, best.isNaN || direction.isBetter(value, than: best) { best = value }
            }
            return best
        }
        let earlier = best(0..<split)
        let recent = best(split..<steps.count)
        let lostPatience: Bool
        switch direction {
        case .minimize: lostPatience = earlier + minDelta < recent
        case .maximize: lostPatience = earlier - minDelta > recent
        }
        guard lostPatience else { return false }
        return wrapped?.shouldPrune(trial, in: study) ?? true
    }

    /// The wrapped pruner's view (the whole study without one).
    public func samplerView(of study: StudySnapshot, for trial: TrialRecord) -> StudySnapshot {
        wrapped?.samplerView(of: study, for: trial) ?? study
    }
}
