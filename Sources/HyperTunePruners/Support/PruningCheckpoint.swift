import HyperTuneCore

/// The warm-up and interval rule shared by the percentile, median and threshold pruners.
///
/// A trial is judged at its last reported step `step` only when `step >= warmupSteps` and `step`
/// is the first report inside its interval window: the windows are
/// `[warmupSteps + k·intervalSteps, warmupSteps + (k+1)·intervalSteps)`, and the check happens when
/// no earlier report falls in the same window (or later). With `intervalSteps == 1` every report
/// at or after the warm-up is a checkpoint; a window in which nothing is reported is skipped, and
/// its check happens at the next report.
struct PruningCheckpoint: Sendable, Hashable {
    var warmupSteps: Int
    var intervalSteps: Int

    /// The rule of a pruner's `warmupSteps` and `intervalSteps`, whose ranges (`warmupSteps >= 0`,
    /// `intervalSteps >= 1`) are stated to the pruner's `check`.
    init(warmupSteps: Int, intervalSteps: Int, checkedBy check: inout SettingsCheck) {
        check.atLeast("warmupSteps", warmupSteps, 0)
        check.atLeast("intervalSteps", intervalSteps, 1)
        self.warmupSteps = warmupSteps
        self.intervalSteps = intervalSteps
    }

    /// The step at which `trial` is judged now: its last reported step, when that is a checkpoint.
    ///
    /// - Complexity: O(s) in the trial's reported steps.
    func stepToJudge(_ trial: TrialRecord) -> Int? {
        guard let step = trial.lastStep, isCheckpoint(step, of: trial) else { return nil }
        return step
    }

    /// Whether `trial`, whose last reported step is `step`, is judged now.
    ///
    /// - Complexity: O(s) in the trial's reported steps.
    func isCheckpoint(_ step: Int, of trial: TrialRecord) -> Bool {
        guard step >= warmupSteps else { return false }
        let windowStart = (step - warmupSteps) / intervalSteps * intervalSteps + warmupSteps
        var previous = -1
        for reported in trial.intermediateValues.keys where reported != step && reported > previous {
            previous = reported
        }
        return previous < windowStart
    }
}

extension TrialRecord {
    /// The best intermediate value in `direction`, ignoring NaN; NaN when every value is NaN
    /// (or nothing was reported).
    ///
    /// - Complexity: O(s) in the reported steps.
    func bestIntermediateValue(_ direction: StudyDirection) -> Double {
        var best = Double.nan
        for value in intermediateValues.values where !value.isNaN {
            if best.isNaN || direction.isBetter(value, than: best) { best = value }
        }
        return best
    }
}
