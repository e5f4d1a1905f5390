public import HyperTuneCore

/// Where an `optimize` call stands, handed to its progress hook after each finished trial.
public struct OptimizeProgress: Sendable {
    /// Trials finished by this `optimize` call.
    public var finished: Int
    /// Of those, how many completed.
    public var complete: Int
    /// Of those, how many were pruned.
    public var pruned: Int
    /// Of those, how many failed.
    public var failed: Int
    /// The trial budget of the call, if one was given.
    public var budget: Int?
    /// The time budget of the call, if one was given.
    public var timeout: Duration?
    /// Time since the call started.
    public var elapsed: Duration
    /// The best value among the trials this call completed (single objective), if any.
    public var bestValue: Double?
    /// The number of the trial with ``bestValue``.
    public var bestTrialNumber: Int?
    /// The trial that just finished.
    public var lastTrial: TrialRecord

    /// The larger of the trial and time fractions spent, in [0, 1], or `nil` without budgets.
    public var fractionDone: Double? {
        var fractions: [Double] = []
        if let budget, budget > 0 { fractions.append(Double(finished) / Double(budget)) }
        if let timeout, timeout > .zero { fractions.append(elapsed / timeout) }
        return fractions.max().map { min($0, 1) }
    }
}
