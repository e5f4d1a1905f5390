/// Statistics about a study's finished trials that can be brought up to date by folding in the
/// trials finished since they were last brought up to date: the state a ``FoldCache`` keeps.
package protocol HistoryFold: Sendable {
    /// Folds in `history[newTrials]`, the trials that finished after the ones folded in so far
    /// (all of `history` the first time).
    ///
    /// - Parameters:
    ///   - history: The history; `history[..<newTrials.lowerBound]` is what was folded in before.
    ///   - newTrials: The positions to fold in, ending at `history.endIndex`.
    mutating func fold(_ history: TrialHistory, newTrials: Range<Int>)
}
