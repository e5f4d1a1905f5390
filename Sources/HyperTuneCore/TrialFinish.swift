import HyperTuneSearchSpace

/// How a trial ends.
public struct TrialFinish: Sendable, Hashable, Codable {
    /// The final state: `complete`, `pruned` or `fail`.
    public var state: TrialState
    /// The objective values (`complete`: one per objective; `pruned`: optional; `fail`: none).
    public var values: [Double]?

    /// Creates a finish.
    public init(state: TrialState, values: [Double]? = nil) {
        self.state = state
        self.values = values
    }
}
