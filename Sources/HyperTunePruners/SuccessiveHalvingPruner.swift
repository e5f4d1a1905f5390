public import HyperTuneCore

/// Asynchronous successive halving (ASHA): at each rung, keeps a trial only if it is among the
/// best `1/η` of the trials that reached that rung.
///
/// Rungs sit at steps `minResource · η^(minEarlyStoppingRate + k)` for k = 0, 1, 2, ... (η is
/// `reductionFactor`). When a trial reports at a rung step, it is compared with every trial of
/// the study (running or finished, in any state) that reported a value at that step: it goes on
/// when its value is among the best `⌊m/η⌋` of those m values (itself included), or the best while
/// `m < η`; otherwise it is pruned. Between rung steps nothing is pruned. A NaN value at a rung step
/// prunes. While a rung has at most `bootstrapCount` members, every trial reaching it is pruned
/// (its value still counts for the trials after it).
///
/// This is the asynchronous promotion rule of Li et al., "A System for Massively Parallel
/// Hyperparameter Tuning" (MLSys 2020): trials are judged as they arrive at a rung, against
/// whoever has been there, so no worker waits for a full rung. As in Optuna, a trial that is not
/// promoted is stopped rather than paused for a later promotion, so the first `η - 1` arrivals at a
/// rung are kept only when they are the best so far.
///
/// The pruner records nothing: a trial's rung values are the values it reported at the rung
/// steps, read from the snapshot. Report at every step (or at least at the rung steps) and call
/// `shouldPrune()` after each report, the usual loop; a trial that never reports at a rung step is
/// never judged there. Decisions are the same as Optuna's `SuccessiveHalvingPruner` on the same
/// history under that usage.
///
/// `minResource: nil` ("auto", the default) derives the first rung from the study: the last step
/// of the first trial to complete, divided by 100 (at least 1), as Optuna does; until a trial has
/// completed, nothing is pruned. Give `minResource` when you know the budget.
///
/// - Complexity: O(n) per decision at a rung step, for n trials in the snapshot; O(s + log t)
///   otherwise, for s steps reported by the judged trial and t its last step. With "auto", add the
///   scan for the first complete trial (O(n) at worst).
public struct SuccessiveHalvingPruner: Pruner {
    /// The step of the first rung (before the early-stopping rate), or `nil` for "auto".
    public let minResource: Int?
    /// η: the factor between rung steps, and the inverse of the fraction kept at each rung.
    public let reductionFactor: Int
    /// s: how many rungs are skipped; the first rung is at `minResource · η^s`.
    public let minEarlyStoppingRate: Int
    /// How many trials a rung needs before any trial reaching it can be promoted.
    public let bootstrapCount: Int

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
    ///   - minResource: the first rung's step (at least 1), or `nil` to derive it from the first
    ///     complete trial (default).
    ///   - reductionFactor: η, at least 2 (default 4).
    ///   - minEarlyStoppingRate: s, at least 0 (default 0).
    ///   - bootstrapCount: at least 0 (default 0); only with a given `minResource`.
    /// An argument out of its range makes ``validate()`` throw a ``HyperTuneCore/SettingError`` naming it, so
    /// `Study.create` refuses the pruner; judging a trial with such a pruner is a precondition failure.
    public init(minResource: Int? = nil, reductionFactor: Int = 4, minEarlyStoppingRate: Int = 0, bootstrapCount: Int = 0) {
        var check = SettingsCheck("SuccessiveHalvingPruner")
        check.atLeast("minResource", minResource, 1)
        RungRule.check(
            reductionFactor: reductionFactor, bootstrapCount: bootstrapCount, resource: "minResource", resourceIsGiven: minResource != nil,
            in: &check)
        check.atLeast("minEarlyStoppingRate", minEarlyStoppingRate, 0)
        settings = check
        self.minResource = minResource
        self.reductionFactor = reductionFactor
        self.minEarlyStoppingRate = minEarlyStoppingRate
        self.bootstrapCount = bootstrapCount
    }

    /// The first rung's step in `study`: ``minResource``, or for "auto" the last step of the first
    /// trial to complete divided by 100 (at least 1); `nil` while no trial has completed.
    ///
    /// - Complexity: O(1) with a given `minResource`; O(n + s) for "auto".
    public func resolvedMinResource(in study: StudySnapshot) -> Int? {
        if let minResource { return minResource }
        return study.lastStepOfFirstCompleteTrial.map { max($0 / 100, 1) }
    }

    /// The steps of the first `count` rungs in `study` (empty while "auto" is unresolved).
    ///
    /// - Complexity: O(count + s).
    public func rungSteps(_ count: Int, in study: StudySnapshot) -> [Int] {
        guard let rule = rule(in: study) else { return [] }
        return (0..<count).compactMap { rule.step(ofRung: $0) }
    }

    /// Whether `trial` just reported at a rung step and is not among the best `1/η` there.
    ///
    /// - Complexity: O(n) at a rung step; O(s + log t) otherwise (see the type).
    public func shouldPrune(_ trial: TrialRecord, in study: StudySnapshot) -> Bool {
        settings.assertValid()
        guard !study.isMultiObjective, let step = trial.lastStep, let rule = rule(in: study) else { return false }
        return rule.shouldPrune(trial, step: step, in: study) { _ in true }
    }

    private func rule(in study: StudySnapshot) -> RungRule? {
        guard let minResource = resolvedMinResource(in: study) else { return nil }
        return RungRule(
            minResource: minResource, reductionFactor: reductionFactor, minEarlyStoppingRate: minEarlyStoppingRate,
            bootstrapCount: bootstrapCount)
    }
}
