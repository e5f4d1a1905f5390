import HyperTune

// TEMPORARY: stands in for the library's `MedianPruner` until it lands on main; then this file
// goes and `main.swift` passes `MedianPruner(startupTrials: 5, warmupSteps: 2)` instead.

/// The median stopping rule: prunes a trial whose best value so far is worse than the median of
/// the values that complete trials reported at the trial's last step (after `startupTrials`
/// complete trials and `warmupSteps` steps).
///
/// - Complexity: O(n + s + k log k) per decision, for n trials in the study, s steps of the judged
///   trial and k complete trials that reported at its last step.
struct InterimMedianPruner: Pruner {
    var startupTrials = 5
    var warmupSteps = 0

    func shouldPrune(_ trial: TrialRecord, in study: StudySnapshot) -> Bool {
        guard let step = trial.lastStep, step >= warmupSteps else { return false }
        let direction = study.direction
        let complete = study.trials([.complete])
        guard complete.count >= startupTrials else { return false }
        let others = complete.compactMap { $0.intermediateValues[step] }.filter { !$0.isNaN }.sorted()
        guard !others.isEmpty else { return false }
        let middle = others.count / 2
        let median = others.count % 2 == 1 ? others[middle] : (others[middle - 1] + others[middle]) / 2
        let values = trial.intermediateValues.values.filter { !$0.isNaN }
        guard let best = direction == .maximize ? values.max() : values.min() else { return true }
        return direction.isBetter(median, than: best)
    }
}
