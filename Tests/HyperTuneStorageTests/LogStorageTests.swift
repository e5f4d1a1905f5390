import Foundation
import HyperTuneCore
import HyperTuneSearchSpace
import HyperTuneStorage
import HyperTuneStorageConformance
import Testing

/// An operation log in this process's memory: the simplest real backend of a ``LogStorage``, which
/// several storages (standing for processes) can share. `interruptEvery` makes every n-th append
/// fail after its decision ran, as a lost connection would (nothing appended).
final class ArrayLog: OperationLog {
    private struct State {
        var records: [String] = []
        var appends = 0
        var tables: [TrialID: TrialRecord] = [:]
        var studies: [StudyID: StudyInfo] = [:]
    }

    private let state = Locked(State())
    private let interruptEvery: Int?

    init(interruptEvery: Int? = nil) { self.interruptEvery = interruptEvery }

    var records: [String] { state.withLock { $0.records } }
    var trialTable: [TrialID: TrialRecord] { state.withLock { $0.tables } }
    var studyTable: [StudyID: StudyInfo] { state.withLock { $0.studies } }

    func records(after position: Int) async throws -> [String] {
        state.withLock { Array($0.records[min(position, $0.records.count)...]) }
    }

    func append(after position: Int, _ decide: ([String]) throws -> LogAppend) async throws {
        try state.withLock { state in
            state.appends += 1
            let batch = try decide(Array(state.records[position...]))
            if let interruptEvery, state.appends.isMultiple(of: interruptEvery) {
                throw OperationLogInterrupted("append \(state.appends) interrupted by the test")
            }
            state.records += batch.records
            state.tables.merge(batch.trials) { $1 }
            for (id, info) in batch.studies {
                state.studies[id] = info
                if info == nil { state.tables = state.tables.filter { $0.key.study != id } }
            }
        }
    }
}

@Suite("LogStorage")
struct LogStorageTests {
    @Test("passes the conformance suite", arguments: StorageConformance.checks)
    func conformance(_ check: StorageConformance.Check) async throws {
        try await check.run(on: LogStorage(log: ArrayLog()))
    }

    @Test("passes the conformance suite when every third append is interrupted", arguments: StorageConformance.checks)
    func interrupted(_ check: StorageConformance.Check) async throws {
        try await check.run(on: LogStorage(log: ArrayLog(interruptEvery: 3)))
    }

    @Test("storages sharing a log number trials densely and see each other's trials")
    func shared() async throws {
        let log = ArrayLog(interruptEvery: 5)
        let workers = try await [LogStorage(log: log), LogStorage(log: log), LogStorage(log: log)]
        let study = try await workers[0].createStudy(name: "shared", directions: [.minimize])
        let fresh = NewTrial()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, worker) in workers.enumerated() {
                group.addTask {
                    for step in 0..<40 {
                        let trial = try #require(try await worker.startTrial(in: study, fresh: fresh))
                        _ = try await worker.updateTrial(
                            TrialID(study: study, number: trial.number),
                            TrialUpdate(finish: TrialFinish(state: .complete, values: [Double(index * 100 + step)])))
                    }
                }
            }
            try await group.waitForAll()
        }
        for worker in workers {
            let snapshot = try await worker.snapshot(of: study)
            #expect(snapshot.trials().map(\.number) == Array(0..<120))
            #expect(snapshot.trials().allSatisfy { $0.state == .complete })
        }
        // A new storage replays the log to the same state; the backend's table matches it.
        let replayed = try await LogStorage(log: log).snapshot(of: study)
        #expect(replayed.trials().map(\.values) == (try await workers[1].snapshot(of: study)).trials().map(\.values))
        #expect(log.trialTable.count == 120)
        #expect(log.trialTable.values.allSatisfy { $0.state == .complete })
        #expect(log.studyTable[study]?.name == "shared")
    }

    @Test("an enqueued trial starts once across storages, and a late write is refused")
    func enqueuedOnce() async throws {
        let log = ArrayLog()
        let a = try await LogStorage(log: log)
        let b = try await LogStorage(log: log)
        let study = try await a.createStudy(name: "queue", directions: [.minimize])
        _ = try await a.enqueueTrial(in: study, params: ["x": .float(1)], userAttributes: [:], systemAttributes: [:])
        let first = try #require(try await b.startTrial(in: study, fresh: nil))
        #expect(first.number == 0)
        #expect(try await a.startTrial(in: study, fresh: nil) == nil)
        let id = TrialID(study: study, number: 0)
        _ = try await b.updateTrial(id, TrialUpdate(finish: TrialFinish(state: .complete, values: [1])))
        await #expect {
            _ = try await a.updateTrial(id, TrialUpdate(finish: TrialFinish(state: .complete, values: [2])))
        } throws: { error in
            (error as? StorageError)?.kind == .trialFinished
        }
        #expect(try await a.trial(id).values == [1])
    }

    @Test("a damaged record is corrupt, naming its position")
    func corrupt() async throws {
        let log = ArrayLog()
        let storage = try await LogStorage(log: log)
        _ = try await storage.createStudy(name: "one", directions: [.minimize])
        let damaged = DamagedLog(records: log.records.map { $0.replacingOccurrences(of: "one", with: "two") })
        await #expect {
            _ = try await LogStorage(log: damaged)
        } throws: { error in
            guard let error = error as? StorageError else { return false }
            return error.kind == .corrupt && error.detail.contains("record 1")
        }
    }
}

/// A log that holds fixed records and refuses appends.
struct DamagedLog: OperationLog {
    let records: [String]

    func records(after position: Int) async throws -> [String] { Array(records[position...]) }

    func append(after position: Int, _ decide: ([String]) throws -> LogAppend) async throws {
        throw StorageError(.io, "a damaged log")
    }
}
