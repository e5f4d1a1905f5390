import Foundation
import HyperTuneCore
import HyperTunePruners
import HyperTuneSamplers
import HyperTuneSearchSpace
import HyperTuneStorage
import HyperTuneStudy
import HyperTuneTestSupport
import Testing

@Suite("Study and storage: resuming, listing, copying, heartbeats")
struct StudyStorageTests {
    let directory: TemporaryDirectory

    init() throws { directory = try TemporaryDirectory("journal") }

    func objective(_ trial: Trial) async throws -> Double {
        let x = try trial.suggestFloat("x", in: -5...5)
        let kind = try trial.suggestCategorical("kind", ["a", "b"])
        try await trial.report(x, step: 0)
        try await trial.setUserAttribute("kind", .string(kind))
        return x * x + (kind == "a" ? 0 : 1)
    }

    @Test("a journal study resumes in a new storage: numbers continue, the best trial is kept")
    func resume() async throws {
        let path = directory.file("resume.journal")
        let first = try await Study.create(
            name: "resume", direction: .minimize, sampler: RandomSampler(seed: 1), storage: try JournalStorage(path: path))
        try await first.optimize(nTrials: 10) { try await objective($0) }
        let best = try await first.bestTrial
        let resumed = try await Study.create(
            name: "resume", direction: .minimize, sampler: RandomSampler(seed: 2), storage: try JournalStorage(path: path),
            loadIfExists: true)
        #expect(resumed.id == first.id)
        #expect(sameTrial(try await resumed.bestTrial, best))
        try await resumed.optimize(nTrials: 5) { try await objective($0) }
        #expect(try await resumed.trials.map(\.number) == Array(0..<15))
        await #expect {
            _ = try await Study.create(name: "resume", direction: .maximize, storage: try JournalStorage(path: path), loadIfExists: true)
        } throws: { ($0 as? StudyError)?.kind == .directionMismatch }
    }

    @Test("studies are listed and deleted")
    func listAndDelete() async throws {
        let journal = try JournalStorage(path: directory.file("list.journal"))
        _ = try await Study.create(name: "a", direction: .minimize, storage: journal)
        _ = try await Study.create(name: "b", directions: [.minimize, .maximize], storage: journal)
        #expect(try await Study.allStudies(in: journal).map(\.name) == ["a", "b"])
        try await Study.delete(name: "a", storage: journal)
        let reopened = try JournalStorage(path: directory.file("list.journal"))
        #expect(try await Study.allStudies(in: reopened).map(\.name) == ["b"])
        #expect(try await Study.allStudies(in: reopened).first?.directions == [.minimize, .maximize])
        await #expect { try await Study.delete(name: "a", storage: reopened) } throws: { ($0 as? StudyError)?.kind == .studyNotFound }
    }

    @Test("copying a study between storages keeps trials and attributes, in both directions")
    func copy() async throws {
        let memory = InMemoryStorage()
        let study = try await Study.create(name: "source", direction: .minimize, sampler: RandomSampler(seed: 4), storage: memory)
        try await study.setUserAttribute("dataset", "mnist")
        try await memory.setStudyAttribute(study.id, key: "sampler", value: "random", system: true)
        try await study.optimize(nTrials: 12) { trial in
            if trial.number == 3 { throw Boom() }
            if trial.number == 5 { throw TrialPruned() }
            return try await objective(trial)
        }
        let running = try await study.ask()
        _ = try running.suggestFloat("x", in: -5...5)
        try await running.flush()
        try await study.enqueueTrial(["x": 1, "kind": "b"], userAttributes: ["why": "warm start"])
        let journalPath = directory.file("copy.journal")
        let info = try await Study.copy(name: "source", from: memory, to: try JournalStorage(path: journalPath), as: "copy")
        #expect(info.name == "copy" && info.trialCount == 14)
        let journal = try JournalStorage(path: journalPath)
        let copied = try await Study.load(name: "copy", storage: journal)
        #expect(sameTrials(try await copied.trials, try await study.trials))
        #expect(try await copied.userAttributes == ["dataset": "mnist"])
        #expect(try await journal.studyInfo(copied.id).systemAttributes == ["sampler": "random"])
        // And back into memory.
        let back = InMemoryStorage()
        try await Study.copy(name: "copy", from: journal, to: back)
        #expect(sameTrials(try await Study.load(name: "copy", storage: back).trials, try await study.trials))
        // The copy goes on: the enqueued trial runs first.
        let next = try await copied.ask()
        #expect(next.fixedParams == ["x": 1, "kind": "b"])
        await #expect { try await Study.copy(name: "copy", from: journal, to: back) } throws: {
            ($0 as? StudyError)?.kind == .studyExists
        }
        await #expect { try await Study.copy(name: "nope", from: journal, to: back) } throws: {
            ($0 as? StudyError)?.kind == .studyNotFound
        }
    }

    @Test("optimize records heartbeats while a trial runs, and none once it is finished")
    func heartbeats() async throws {
        let storage = HeartbeatCounter(InMemoryStorage())
        let study = try await Study.create(direction: .minimize, sampler: RandomSampler(seed: 1), storage: storage)
        try await study.optimize(nTrials: 2, heartbeatInterval: .milliseconds(1)) { trial in
            // The trial ends only once its heartbeat task has recorded three heartbeats.
            await storage.beats(of: trial.number).wait(until: 3)
            return 1
        }
        #expect(try await study.trials.allSatisfy { $0.state == .complete })
        // A stale check finds nothing: finished trials have no heartbeat.
        #expect(try await study.failStaleTrials(gracePeriod: .zero).isEmpty)
        await #expect { try await study.optimize(nTrials: 1, heartbeatInterval: .zero) { _ in 1 } } throws: {
            ($0 as? StudyError)?.kind == .invalidArgument
        }
        await #expect { try await study.failStaleTrials(gracePeriod: .seconds(-1)) } throws: {
            ($0 as? StudyError)?.kind == .invalidArgument
        }
    }

    @Test("ask and tell: a trial's heartbeat keeps it from being failed; after finishing it cannot send one")
    func askTellHeartbeat() async throws {
        let study = try await Study.create(direction: .minimize, storage: InMemoryStorage())
        let trial = try await study.ask()
        let silent = try await study.ask()
        try await trial.recordHeartbeat()
        #expect(try await study.failStaleTrials(gracePeriod: .seconds(3_600), requeue: true).isEmpty)
        let failed = try await study.failStaleTrials(gracePeriod: .zero, requeue: true)
        #expect(failed.map(\.number) == [trial.number])
        #expect(try await study.trials(states: [.running]).map(\.number) == [silent.number])
        // The failed trial cannot be told any more (its late result is kept); its retry waits in the queue.
        await #expect { try await study.tell(trial, value: 1) } throws: { ($0 as? StudyError)?.kind == .trialFinished }
        #expect(try await study.trials(states: [.waiting]).count == 1)
        try await study.tell(silent, value: 2)
        await #expect { try await silent.recordHeartbeat() } throws: { ($0 as? StudyError)?.kind == .trialFinished }
    }
}

/// Forwards to a storage and counts each trial's heartbeats.
final class HeartbeatCounter: Storage {
    let base: any Storage
    private let counters = Locked<[Int: CountdownSignal]>([:])

    init(_ base: any Storage) { self.base = base }

    func beats(of number: Int) -> CountdownSignal {
        counters.withLock { counters in
            if let counter = counters[number] { return counter }
            let counter = CountdownSignal()
            counters[number] = counter
            return counter
        }
    }

    func recordHeartbeat(_ trial: TrialID) async throws {
        try await base.recordHeartbeat(trial)
        beats(of: trial.number).increment()
    }

    func createStudy(name: String, directions: [StudyDirection]) async throws -> StudyID {
        try await base.createStudy(name: name, directions: directions)
    }
    func studyID(named name: String) async throws -> StudyID? { try await base.studyID(named: name) }
    func studyInfo(_ study: StudyID) async throws -> StudyInfo { try await base.studyInfo(study) }
    func allStudies() async throws -> [StudyInfo] { try await base.allStudies() }
    func deleteStudy(_ study: StudyID) async throws { try await base.deleteStudy(study) }
    func setStudyAttribute(_ study: StudyID, key: String, value: AttributeValue, system: Bool) async throws {
        try await base.setStudyAttribute(study, key: key, value: value, system: system)
    }
    func enqueueTrial(
        in study: StudyID, params: [String: ParameterValue], userAttributes: [String: AttributeValue],
        systemAttributes: [String: AttributeValue]
    ) async throws -> TrialRecord {
        try await base.enqueueTrial(in: study, params: params, userAttributes: userAttributes, systemAttributes: systemAttributes)
    }
    func startTrial(in study: StudyID, fresh: NewTrial?) async throws -> TrialRecord? {
        try await base.startTrial(in: study, fresh: fresh)
    }
    func updateTrial(_ trial: TrialID, _ update: TrialUpdate) async throws -> TrialRecord { try await base.updateTrial(trial, update) }
    func trial(_ trial: TrialID) async throws -> TrialRecord { try await base.trial(trial) }
    func snapshot(of study: StudyID) async throws -> StudySnapshot { try await base.snapshot(of: study) }
    func addTrials(_ records: [TrialRecord], to study: StudyID) async throws { try await base.addTrials(records, to: study) }
    func failStaleTrials(in study: StudyID, gracePeriod: Duration, requeue: Bool) async throws -> [TrialRecord] {
        try await base.failStaleTrials(in: study, gracePeriod: gracePeriod, requeue: requeue)
    }
}
