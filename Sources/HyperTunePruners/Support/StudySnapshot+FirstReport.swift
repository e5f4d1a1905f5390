import HyperTuneCore

extension StudySnapshot {
    /// The last reported step of the first complete trial (in finishing order) that reported any,
    /// or `nil` while there is none: what the "auto" resources of successive halving and Hyperband
    /// are derived from.
    ///
    /// - Complexity: O(n + s) in the finished trials and the steps of the one found.
    var lastStepOfFirstCompleteTrial: Int? {
        for trial in finished where trial.state == .complete {
            if let last = trial.lastStep { return last }
        }
        return nil
    }
}
