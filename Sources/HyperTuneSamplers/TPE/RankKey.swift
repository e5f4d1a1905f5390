import HyperTuneCore

/// Where a finished trial ranks for TPE: lower is better.
///
/// Complete trials first, by loss; then pruned trials, the ones that got further first (by last
/// reported step, descending), then by the loss at that step; then trials with nothing to rank by
/// (pruned before reporting, or a non-finite value). Ties go to the trial that finished first.
struct RankKey: Sendable, Comparable {
    var tier: Int
    var first: Double
    var second: Double

    static func < (lhs: RankKey, rhs: RankKey) -> Bool {
        if lhs.tier != rhs.tier { return lhs.tier < rhs.tier }
        if lhs.first != rhs.first { return lhs.first < rhs.first }
        return lhs.second < rhs.second
    }

    /// The key of a finished trial, or `nil` when TPE ignores it (failed, or values of the wrong count).
    static func of(_ trial: TrialRecord, directions: [StudyDirection]) -> RankKey? {
        switch trial.state {
        case .complete:
            guard let values = trial.values, values.count == directions.count else { return nil }
            guard directions.count == 1 else { return RankKey(tier: 0, first: 0, second: 0) }
            let loss = directions[0].loss(values[0])
            return loss.isNaN ? RankKey(tier: 2, first: 0, second: 0) : RankKey(tier: 0, first: loss, second: 0)
        case .pruned:
            guard directions.count == 1, let step = trial.lastStep, let value = trial.intermediateValues[step], !value.isNaN else {
                return RankKey(tier: 2, first: 0, second: 0)
            }
            return RankKey(tier: 1, first: -Double(step), second: directions[0].loss(value))
        case .fail, .running, .waiting:
            return nil
        }
    }
}
