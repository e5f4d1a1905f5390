import Foundation
import HyperTuneCore
import HyperTuneSearchSpace
import HyperTuneTestSupport
import Testing

@Suite("TrialHistory and snapshots")
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

    @Test("snapshot helpers order by number and filter")
    func snapshotHelpers() {
        let trials = [
            TrialBuilder.trial(2, state: .complete, values: [1]),
            TrialBuilder.trial(0, state: .fail),
            TrialBuilder.trial(3, state: .running),
            TrialBuilder.trial(1, state: .waiting),
        ]
        let snapshot = StudySnapshot(studyName: "study", directions: [.minimize], trials: trials)
        #expect(snapshot.trials().map(\.number) == [0, 1, 2, 3])
        #expect(snapshot.trials([.complete, .running]).map(\.number) == [2, 3])
        #expect(snapshot.running.map(\.number) == [3])
        #expect(snapshot.trialCount == 4)
        #expect(snapshot.filter { $0.number % 2 == 0 }.trials().map(\.number) == [0, 2])
    }

    @Test("trial records survive JSON")
    func recordCodable() throws {
        let distribution = Distribution.categorical(try CategoricalDistribution(["a", "b"]))
        let record = TrialRecord(
            number: 4, state: .pruned, values: [0.5],
            parameters: ["k": Parameter(distribution: distribution, internalValue: 1)],
            intermediateValues: [0: 0.9, 3: 0.5], userAttributes: ["folds": [0.1, 0.2], "note": "x"],
            systemAttributes: ["grid_id": 3], fixedParams: ["k": "b"],
            startDate: Date(timeIntervalSince1970: 10), endDate: Date(timeIntervalSince1970: 12))
        let decoded = try JSONDecoder().decode(TrialRecord.self, from: JSONEncoder().encode(record))
        #expect(decoded == record)
        #expect(decoded.params == ["k": "b"])
        #expect(decoded.lastStep == 3)
        #expect(decoded.duration == 2)
    }

    @Test("attribute numbers compare by value")
    func attributes() throws {
        #expect(AttributeValue.int(2) == .double(2))
        #expect(Set<AttributeValue>([.int(2), .double(2)]).count == 1)
        let value: AttributeValue = ["scores": [1, 2.5], "ok": true, "none": nil]
        let decoded = try JSONDecoder().decode(AttributeValue.self, from: JSONEncoder().encode(value))
        #expect(decoded == value)
    }

    @Test("Pareto front keeps the non-dominated trials")
    func paretoFront() {
        let directions: [StudyDirection] = [.minimize, .maximize]
        let trials = [
            TrialBuilder.trial(0, state: .complete, values: [1, 1]),
            TrialBuilder.trial(1, state: .complete, values: [2, 3]),
            TrialBuilder.trial(2, state: .complete, values: [2, 2]),  // dominated by 1
            TrialBuilder.trial(3, state: .complete, values: [0, 0]),
        ]
        #expect(ParetoFront.of(trials, directions: directions).map(\.number) == [0, 1, 3])
        #expect(ParetoFront.dominates([2, 3], [2, 2], directions: directions))
        #expect(!ParetoFront.dominates([2, 2], [2, 2], directions: directions))
    }
}

/// A log behind a lock, as storages hold it.
private final class SharedLog: Sendable {
    private let log = Locked(TrialLog())
    func append(_ record: TrialRecord) { log.withLock { $0.append(record) } }
    var history: TrialHistory { log.withLock { $0.history } }
}
