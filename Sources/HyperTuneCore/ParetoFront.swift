/// Pareto dominance for multi-objective studies.
public enum ParetoFront {
    /// Whether `lhs` dominates `rhs`: no worse in every objective and better in at least one.
    ///
    /// - Precondition: both have one value per direction.
    public static func dominates(_ lhs: [Double], _ rhs: [Double], directions: [StudyDirection]) -> Bool {
        precondition(lhs.count == directions.count && rhs.count == directions.count)
        var better = false
        for (index, direction) in directions.enumerated() {
            if direction.isBetter(rhs[index], than: lhs[index]) { return false }
            if direction.isBetter(lhs[index], than: rhs[index]) { better = true }
        }
        return better
    }

    /// The trials (with values) that no other trial dominates, in the given order. Trials with equal
    /// values are all kept.
    ///
    /// - Complexity: O(n² m) for n trials and m objectives, worst case.
    public static func of(_ trials: [TrialRecord], directions: [StudyDirection]) -> [TrialRecord] {
        let candidates = trials.filter { $0.values?.count == directions.count }
        return candidates.filter { trial in
            !candidates.contains { other in dominates(other.values!, trial.values!, directions: directions) }
        }
    }
}
