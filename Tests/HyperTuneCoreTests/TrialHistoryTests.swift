import Foundation
import HyperTuneCore
import HyperTuneSearchSpace
import HyperTuneTestSupport
import Testing

@Suite("TrialHistory")
struct TrialHistoryTests {
    @Test("a history taken from a log does not see later appends, across chunk boundaries")
    func snapshotIsolation() {
        var log = TrialLog()
        var histories: [TrialHistory] = []
        for number in 0..<3000 {
            log.append(TrialBuilder.complete(number, value: Double(number)))
            if number % 500 == 0 { histories.append(log.history) }
        }
        #expect(log.history.count == 3000)
        for (index, history) in histories.enumerated() {
            #expect(history.count == index * 500 + 1)
            #expect(history.last?.number == index * 500)
            #expect(history.lineage == log.history.lineage)
        }
        #expect(log.history[2047].value == 2047)
        #expect(TrialHistory([]).lineage != log.history.lineage)
    }

    @Test("readers on other tasks see a consistent prefix while a writer appends")
    func concurrentReaders() async {
        let shared = SharedLog()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for number in 0..<5000 { shared.append(TrialBuilder.complete(number, value: Double(number))) }
            }
            for _ in 0..<3 {
                group.addTask {
                    for _ in 0..<200 {
                        let history = shared.history
                        if let last = history.last { #expect(last.number == history.count - 1) }
                    }
                }
            }
        }
        #expect(shared.history.count == 5000)
    }

    @Test("reading past the end of a history is a broken precondition")
    func outOfRangeTraps() async {
        await #expect(processExitsWith: .failure) {
            var log = TrialLog()
            log.append(TrialBuilder.complete(0, value: 0))
            _ = log.history[1]
        }
    }
}

/// A log behind a lock, as storages hold it.
private final class SharedLog: Sendable {
    private let log = Locked(TrialLog())
    func append(_ record: TrialRecord) { log.withLock { $0.append(record) } }
    var history: TrialHistory { log.withLock { $0.history } }

}
