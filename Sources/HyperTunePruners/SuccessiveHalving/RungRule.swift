import HyperTuneCore

/// The promotion rule of asynchronous successive halving, shared by ``SuccessiveHalvingPruner``
/// and each bracket of ``HyperbandPruner``.
///
/// Rung k (k = 0, 1, ...) sits at step `minResource · η^(minEarlyStoppingRate + k)`. A trial
/// reaches rung k when it reports a value at exactly that step; its rung value is that value.
/// Pruners are pure, so nothing is recorded: the rung members are read from the snapshot, as
/// every trial (running or finished, in any state) that reported a non-NaN value at the rung step
/// and that `isMember` accepts.
struct RungRule: Sendable, Hashable {
    var minResource: Int
    var reductionFactor: Int
    var minEarlyStoppingRate: Int
    var bootstrapCount: Int

    /// States the rules of the settings both pruners share: `reductionFactor >= 2`,
    /// `bootstrapCount >= 0`, and a bootstrap only when the pruner's `resource` setting is given
    /// (`resourceIsGiven`), not derived ("auto").
    static func check(
        reductionFactor: Int, bootstrapCount: Int, resource: String, resourceIsGiven: Bool, in check: inout SettingsCheck
    ) {
        check.atLeast("reductionFactor", reductionFactor, 2)
        check.atLeast("bootstrapCount", bootstrapCount, 0)
        check.require(bootstrapCount == 0 || resourceIsGiven, "bootstrapCount", bootstrapCount, "needs a given \(resource), not auto")
    }

    /// The rung whose step is exactly `step`, or `nil` when `step` is not a rung step.
    ///
    /// - Complexity: O(log step + minEarlyStoppingRate).
    func rung(at step: Int) -> Int? {
        guard var rungStep = power(from: minResource, times: minEarlyStoppingRate) else { return nil }
        var rung = 0
        while rungStep < step {
            let (next, overflow) = rungStep.multipliedReportingOverflow(by: reductionFactor)
            if overflow { return nil }
            rungStep = next
            rung += 1
        }
        return rungStep == step ? rung : nil
    }

    /// The step of rung `rung`, or `nil` when it does not fit in an `Int`.
    func step(ofRung rung: Int) -> Int? {
        power(from: minResource, times: minEarlyStoppingRate + rung)
    }

    /// `base · η^exponent`, or `nil` on overflow.
    private func power(from base: Int, times exponent: Int) -> Int? {
        var result = base
        for _ in 0..<exponent {
            let (next, overflow) = result.multipliedReportingOverflow(by: reductionFactor)
            if overflow { return nil }
            result = next
        }
        return result
    }

    /// Whether `trial`, which just reported at `step`, should stop there.
    ///
    /// When `step` is a rung step, the trial is promoted (kept) when its value is among the best
    /// `⌊m/η⌋` of the m rung members (itself included), or the best when `m < η`: Li et al.'s
    /// asynchronous promotion, applied when the trial arrives at the rung, since a trial cannot be
    /// paused and resumed later. Ties promote. A NaN at a rung step prunes; while the rung has at
    /// most `bootstrapCount` members (itself included), every arrival is pruned.
    ///
    /// - Complexity: O(n) for n trials in the snapshot, when `step` is a rung step; O(log step)
    ///   otherwise.
    func shouldPrune(
        _ trial: TrialRecord, step: Int, in study: StudySnapshot, isMember: (TrialRecord) -> Bool
    ) -> Bool {
        guard rung(at: step) != nil, let value = trial.intermediateValues[step] else { return false }
        if value.isNaN { return true }
        let direction = study.direction
        let loss = direction.loss(value)
        var members = 1
        var better = 0
        func consider(_ other: TrialRecord) {
            guard other.number != trial.number, let otherValue = other.intermediateValues[step], !otherValue.isNaN,
                isMember(other)
            else { return }
            members += 1
            if direction.loss(otherValue) < loss { better += 1 }
        }
        for other in study.finished { consider(other) }
        for other in study.unfinished { consider(other) }
        if members <= bootstrapCount { return true }
        // Promoted when at most `kept - 1` members are strictly better: its rank is within the
        // best `kept` (ties share the better rank).
        let kept = max(members / reductionFactor, 1)
        return better >= kept
    }
}
