import HyperTuneCore
import HyperTuneTestSupport
import Testing

/// Counts the trials folded in, and records every range it was handed.
private struct Counter: HistoryFold {
    var tag = 0
    var folded: [Int] = []
    var ranges: [Range<Int>] = []

    mutating func fold(_ history: TrialHistory, newTrials: Range<Int>) {
        ranges.append(newTrials)
        for position in newTrials { folded.append(history[position].number) }
    }
}

@Suite("FoldCache: statistics folded in incrementally along a history's lineage")
struct FoldCacheTests {
    private func log(_ count: Int) -> TrialLog {
        var log = TrialLog()
        for number in 0..<count { log.append(TrialBuilder.complete(number, value: Double(number))) }
        return log
    }

    @Test("a longer history of the same lineage folds in only the trials finished since")
    func foldsOnlyNewTrials() {
        var log = log(3)
        let cache = FoldCache<Counter>()
        let first = cache.withState(of: log.history, fresh: { Counter() }) { $0.ranges }
        #expect(first == [0..<3])
        log.append(TrialBuilder.complete(3, value: 3))
        log.append(TrialBuilder.complete(4, value: 4))
        let second = cache.withState(of: log.history, fresh: { Counter() }) { $0 }
        #expect(second.ranges == [0..<3, 3..<5])
        #expect(second.folded == [0, 1, 2, 3, 4])
        let again = cache.withState(of: log.history, fresh: { Counter() }) { $0.ranges }
        #expect(again == [0..<3, 3..<5], "nothing new: no fold")
    }

    @Test("a history of another lineage starts over")
    func otherLineageRestarts() {
        let cache = FoldCache<Counter>()
        cache.withState(of: log(4).history, fresh: { Counter() }) { _ in }
        let other = TrialHistory([TrialBuilder.complete(7, value: 0)])
        #expect(cache.withState(of: other, fresh: { Counter() }) { $0.folded } == [7])
    }

    @Test("a state that is not reusable is replaced")
    func unreusableStateRestarts() {
        let history = log(2).history
        let cache = FoldCache<Counter>()
        cache.withState(of: history, fresh: { Counter(tag: 1) }) { _ in }
        let kept = cache.withState(of: history, fresh: { Counter(tag: 2) }, reusable: { $0.tag == 1 }) { $0.tag }
        #expect(kept == 1)
        let replaced = cache.withState(of: history, fresh: { Counter(tag: 2) }, reusable: { $0.tag == 2 }) { $0 }
        #expect(replaced.tag == 2 && replaced.ranges == [0..<2])
    }

    @Test("an older snapshot: restart replaces, foldAside leaves the cache alone, useCached hands it over")
    func olderSnapshotPolicies() {
        var log = log(2)
        let older = log.history
        log.append(TrialBuilder.complete(2, value: 2))
        let newer = log.history

        let restart = FoldCache<Counter>()
        restart.withState(of: newer, fresh: { Counter() }) { _ in }
        #expect(restart.withState(of: older, fresh: { Counter() }) { $0.ranges } == [0..<2])
        #expect(restart.withState(of: newer, fresh: { Counter() }) { $0.ranges } == [0..<2, 2..<3])

        let aside = FoldCache<Counter>()
        aside.withState(of: newer, fresh: { Counter() }) { _ in }
        #expect(aside.withState(of: older, ifAhead: .foldAside, fresh: { Counter() }) { $0.folded } == [0, 1])
        #expect(aside.withState(of: newer, fresh: { Counter() }) { $0.ranges } == [0..<3], "the cached state survives")

        let cached = FoldCache<Counter>()
        cached.withState(of: newer, fresh: { Counter() }) { _ in }
        #expect(cached.withState(of: older, ifAhead: .useCached, fresh: { Counter() }) { $0.folded } == [0, 1, 2])
    }

    @Test("changes the body makes to the state are kept")
    func bodyChangesPersist() {
        let history = log(1).history
        let cache = FoldCache<Counter>()
        cache.withState(of: history, fresh: { Counter() }) { $0.tag = 9 }
        #expect(cache.withState(of: history, fresh: { Counter() }) { $0.tag } == 9)
    }
}
