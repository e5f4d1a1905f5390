/// Statistics a sampler or pruner keeps about a study's finished history between calls, brought up
/// to date by folding in only the trials finished since the last call.
///
/// Two histories with the same ``TrialHistory/lineage`` are prefixes of one another, so a state
/// folded from a history of n trials is brought to a longer history of the same lineage by folding
/// in its trials n and later. A history of another lineage (another study, a hand-made history), a
/// state that is not ``withState(of:ifAhead:fresh:reusable:_:)``'s `reusable` (its study name or
/// direction changed, say), or an older snapshot of the cached history (see ``AheadPolicy``) gets
/// a fresh state instead.
///
/// The state sits behind ``Locked``; the body runs under the lock, with the state uniquely
/// referenced, so growing its arrays does not copy them.
package final class FoldCache<State: HistoryFold>: Sendable {
    /// What to do when the history is an older snapshot (a prefix) of the one the cached state
    /// was folded from: a worker that took its snapshot before another worker's last suggestion.
    package enum AheadPolicy: Sendable {
        /// Replace the cached state with a fresh one folded from the older history.
        case restart
        /// Fold a fresh state from the older history for this call only; keep the cached one.
        case foldAside
        /// Hand the body the cached state as it is (folded further than the history): the body
        /// answers for the history's prefix itself.
        case useCached
    }

    private struct Entry: Sendable {
        var lineage: TrialHistory.Lineage
        var folded: Int
        var state: State
    }

    private let entry = Locked<Entry?>(nil)

    /// An empty cache.
    package init() {}

    /// Runs `body` on the state brought up to date with `history`.
    ///
    /// - Parameters:
    ///   - history: The finished trials, in the order they finished.
    ///   - ifAhead: What to do when the cached state was folded from a longer history of the
    ///     same lineage.
    ///   - fresh: A state with nothing folded in yet.
    ///   - reusable: Whether the cached state may be brought up to date (rather than replaced).
    ///   - body: Reads or updates the state.
    /// - Returns: What `body` returns.
    /// - Complexity: O(k) fold work for the k trials finished since the last call, O(n) after
    ///   a restart.
    package func withState<Result>(
        of history: TrialHistory, ifAhead: AheadPolicy = .restart, fresh: () -> State,
        reusable: (State) -> Bool = { _ in true }, _ body: (inout State) -> Result
    ) -> Result {
        entry.withLock { cached in
            if var current = cached, current.lineage == history.lineage, reusable(current.state) {
                if current.folded <= history.count || ifAhead == .useCached {
                    cached = nil  // keep `current` uniquely referenced while it changes
                    if current.folded < history.count {
                        current.state.fold(history, newTrials: current.folded..<history.count)
                        current.folded = history.count
                    }
                    let result = body(&current.state)
                    cached = current
                    return result
                }
                if ifAhead == .foldAside {
                    var aside = fresh()
                    aside.fold(history, newTrials: 0..<history.count)
                    return body(&aside)
                }
            }
            var state = fresh()
            state.fold(history, newTrials: 0..<history.count)
            let result = body(&state)
            cached = Entry(lineage: history.lineage, folded: history.count, state: state)
            return result
        }
    }
}
