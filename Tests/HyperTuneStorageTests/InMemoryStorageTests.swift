import HyperTuneCore
import HyperTuneSearchSpace
import HyperTuneStorage
import Testing

@Suite("InMemoryStorage")
struct InMemoryStorageTests {
    let storage = InMemoryStorage()

    func floatParameter(_ value: Double) throws -> Parameter {
        Parameter(distribution: .float(try FloatDistribution(low: 0, high: 10)), internalValue: value)
    }

    @Test("studies: create, find, refuse duplicates, delete")
    func studies() async throws {
        let id = try await storage.createStudy(name: "a", directions: [.minimize])
        #expect(try await storage.studyID(named: "a") == id)
        await #expect { _ = try await storage.createStudy(name: "a", directions: [.maximize]) } throws: {
            ($0 as? StorageError)?.kind == .studyExists
        }
        try await storage.setStudyAttribute(id, key: "k", value: 1, system: false)
        #expect(try await storage.studyInfo(id).userAttributes == ["k": 1])
        _ = try await storage.createStudy(name: "b", directions: [.minimize, .maximize])
        #expect(try await storage.allStudies().map(\.name) == ["a", "b"])
        try await storage.deleteStudy(id)
        #expect(try await storage.studyID(named: "a") == nil)
        await #expect { _ = try await storage.snapshot(of: id) } throws: { ($0 as? StorageError)?.kind == .studyNotFound }
    }

    @Test("numbers are dense; waiting trials start first, oldest first")
    func queue() async throws {
        let id = try await storage.createStudy(name: "q", directions: [.minimize])
        let first = try await storage.startTrial(in: id, fresh: NewTrial())!
        _ = try await storage.enqueueTrial(in: id, params: ["x": 1], userAttributes: [:], systemAttributes: [:])
        _ = try await storage.enqueueTrial(in: id, params: ["x": 2], userAttributes: [:], systemAttributes: [:])
        let second = try await storage.startTrial(in: id, fresh: NewTrial())!
        let third = try await storage.startTrial(in: id, fresh: nil)!
        #expect([first.number, second.number, third.number] == [0, 1, 2])
        #expect(second.fixedParams == ["x": 1] && second.state == .running)
        #expect(third.fixedParams == ["x": 2])
        #expect(try await storage.startTrial(in: id, fresh: nil) == nil)
        #expect(try await storage.startTrial(in: id, fresh: NewTrial())?.number == 3)
    }

    @Test("a claim is held by one trial")
    func claims() async throws {
        let id = try await storage.createStudy(name: "c", directions: [.minimize])
        #expect(try await storage.startTrial(in: id, fresh: NewTrial(claim: "p1")) != nil)
        #expect(try await storage.startTrial(in: id, fresh: NewTrial(claim: "p1")) == nil)
        #expect(try await storage.startTrial(in: id, fresh: NewTrial(claim: "p2")) != nil)
        #expect(try await storage.snapshot(of: id).trialCount == 2)
    }

    @Test("update rules: finished trials are never written, values are checked, first step wins")
    func updates() async throws {
        let id = try await storage.createStudy(name: "u", directions: [.minimize])
        let trial = TrialID(study: id, number: try await storage.startTrial(in: id, fresh: NewTrial())!.number)
        var record = try await storage.updateTrial(
            trial, TrialUpdate(parameters: ["x": try floatParameter(3)], intermediateValues: [0: 5]))
        record = try await storage.updateTrial(trial, TrialUpdate(intermediateValues: [0: 9, 1: 4]))
        #expect(record.intermediateValues == [0: 5, 1: 4])
        await #expect { _ = try await storage.updateTrial(trial, TrialUpdate(parameters: ["x": try floatParameter(4)])) } throws: {
            ($0 as? StorageError)?.kind == .invalidUpdate
        }
        await #expect { _ = try await storage.updateTrial(trial, TrialUpdate(intermediateValues: [-1: 0])) } throws: {
            ($0 as? StorageError)?.kind == .invalidUpdate
        }
        await #expect { _ = try await storage.updateTrial(trial, TrialUpdate(finish: TrialFinish(state: .complete))) } throws: {
            ($0 as? StorageError)?.kind == .invalidUpdate
        }
        await #expect {
            _ = try await storage.updateTrial(trial, TrialUpdate(finish: TrialFinish(state: .complete, values: [.nan])))
        } throws: { ($0 as? StorageError)?.kind == .invalidUpdate }
        record = try await storage.updateTrial(trial, TrialUpdate(finish: TrialFinish(state: .complete, values: [1])))
        #expect(record.state == .complete && record.endDate != nil)
        await #expect { _ = try await storage.updateTrial(trial, TrialUpdate(intermediateValues: [2: 0])) } throws: { error in
            let error = error as? StorageError
            return error?.kind == .trialFinished && error?.detail.contains("trial 0") == true
        }
        let snapshot = try await storage.snapshot(of: id)
        #expect(snapshot.finished.count == 1 && snapshot.unfinished.isEmpty)
        #expect(try await storage.trial(trial) == record)
    }

    @Test("stale trials are failed and can be requeued with their parameters")
    func staleTrials() async throws {
        let id = try await storage.createStudy(name: "s", directions: [.minimize])
        let number = try await storage.startTrial(in: id, fresh: NewTrial())!.number
        let silent = try await storage.startTrial(in: id, fresh: NewTrial())!.number
        let trial = TrialID(study: id, number: number)
        _ = try await storage.updateTrial(trial, TrialUpdate(parameters: ["x": try floatParameter(2)]))
        try await storage.recordHeartbeat(trial)
        #expect(try await storage.failStaleTrials(in: id, gracePeriod: .seconds(60), requeue: true).isEmpty)
        let failed = try await storage.failStaleTrials(in: id, gracePeriod: .zero, requeue: true)
        #expect(failed.map(\.number) == [number])
        #expect(failed.first?.state == .fail)
        let retry = try await storage.startTrial(in: id, fresh: nil)
        #expect(retry?.fixedParams == ["x": 2.0])
        #expect(retry?.systemAttributes["retried_from"] == .int(number))
        // A trial that never sent a heartbeat is left alone.
        #expect(try await storage.trial(TrialID(study: id, number: silent)).state == .running)
    }
}
