import Dispatch
import Foundation
import HyperTuneCore
import HyperTuneSamplers
import HyperTuneSearchSpace
import HyperTuneStorage
import HyperTuneTestSupport
import Testing

@testable import HyperTuneStudy

/// The faults of issue 16 that belong to the study driver, on every storage.
@Suite("Study driver faults")
struct DriverFaultTests {
    enum Kind: String, CaseIterable, CustomTestStringConvertible {
        case memory, journal
        var testDescription: String { rawValue }
    }

    /// A fresh storage of `kind` (a journal in `directory`).
    static func storage(_ kind: Kind, _ directory: TemporaryDirectory, _ name: String = "s.journal") throws -> any Storage {
        switch kind {
        case .memory: InMemoryStorage()
        case .journal: try JournalStorage(path: directory.file(name), syncPolicy: .never)
        }
    }

    // MARK: 12. No orphan after a write error

    @Test("a tell whose write fails leaves the trial running, and told again it is recorded", arguments: Kind.allCases)
    func failedTell(kind: Kind) async throws {
        let directory = try TemporaryDirectory("driver-faults")
        let faulty = FaultyStorage(try Self.storage(kind, directory))
        let study = try await Study.create(name: "s", direction: .minimize, sampler: RandomSampler(seed: 1), storage: faulty)
        let trial = try await study.ask()
        _ = try trial.suggestFloat("x", in: 0...1)
        faulty.failNextFinish()
        await #expect { try await study.tell(trial, value: 0.5) } throws: { ($0 as? StorageError)?.kind == .io }
        #expect(!trial.isFinished)
        #expect(try await faulty.trial(trial.id).state == .running)
        let told = try await study.tell(trial, value: 0.5)
        #expect(told.state == .complete && told.value == 0.5 && told.params["x"] != nil)
    }

    // MARK: 13. One error for one situation

    @Test("a study created by another worker between lookup and create is StudyError studyExists, or loaded", arguments: Kind.allCases)
    func createRace(kind: Kind) async throws {
        let directory = try TemporaryDirectory("driver-faults")
        let faulty = FaultyStorage(try Self.storage(kind, directory))
        let existing = try await faulty.createStudy(name: "s", directions: [.minimize])
        faulty.hideStudies()  // the lookup misses it, as if it was created just after
        await #expect { _ = try await Study.create(name: "s", direction: .minimize, storage: faulty) } throws: {
            ($0 as? StudyError)?.kind == .studyExists
        }
        faulty.hideStudies()
        let loaded = try await Study.create(name: "s", direction: .minimize, storage: faulty, loadIfExists: true)
        #expect(loaded.id == existing)
        faulty.hideStudies()
        await #expect { _ = try await Study.create(name: "s", direction: .maximize, storage: faulty, loadIfExists: true) } throws: {
            ($0 as? StudyError)?.kind == .directionMismatch
        }
    }

    // MARK: 11. Ownership includes the storage

    @Test("a trial of one storage told to the same-named study of another is refused", arguments: Kind.allCases)
    func foreignStorage(kind: Kind) async throws {
        let directory = try TemporaryDirectory("driver-faults")
        let a = try await Study.create(name: "s", direction: .minimize, storage: try Self.storage(kind, directory, "a.journal"))
        let b = try await Study.create(name: "s", direction: .minimize, storage: try Self.storage(kind, directory, "b.journal"))
        #expect(a.id == b.id)
        let trial = try await a.ask()
        await #expect { try await b.tell(trial, value: 1) } throws: { ($0 as? StudyError)?.kind == .foreignTrial }
        #expect(try await a.storage.trial(trial.id).state == .running)
        #expect(try await b.storage.snapshot(of: b.id).trials().isEmpty)
        // The same study loaded again from the same storage is the same study.
        let again = try await Study.load(name: "s", storage: a.storage)
        #expect(try await again.tell(trial, value: 1).state == .complete)
    }

    // MARK: 2. Trials whose worker died before its first beat

    @Test("a trial started with heartbeats that never beat is stale after the grace period", arguments: Kind.allCases)
    func neverBeaten(kind: Kind) async throws {
        let directory = try TemporaryDirectory("driver-faults")
        let storage = try Self.storage(kind, directory)
        let study = try await Study.create(name: "s", direction: .minimize, sampler: RandomSampler(seed: 2), storage: storage)
        // What a worker killed before its first beat leaves: a trial started by an optimize with heartbeats.
        let orphan = try await study.ask(heartbeatInterval: .seconds(10))
        #expect(orphan.record.systemAttributes["heartbeat_interval"] == .double(10))
        // A trial of an ask/tell loop without heartbeats is not judged.
        let plain = try await study.ask()
        #expect(try await study.failStaleTrials(gracePeriod: .seconds(3600)).isEmpty)
        let failed = try await study.failStaleTrials(gracePeriod: .zero)
        #expect(failed.map(\.number) == [orphan.number])
        #expect(try await storage.trial(plain.id).state == .running)
        // optimize marks its trials in the write that starts them.
        try await study.optimize(nTrials: 1, heartbeatInterval: .seconds(3600)) { trial in
            let stored = try await storage.trial(trial.id)
            #expect(stored.systemAttributes["heartbeat_interval"] == .double(3600))
            return 1
        }
    }

    @Test("a value told for a trial already failed as stale is a clear error, and kept", arguments: Kind.allCases)
    func lateValue(kind: Kind) async throws {
        let directory = try TemporaryDirectory("driver-faults")
        let storage = try Self.storage(kind, directory)
        let study = try await Study.create(name: "s", direction: .minimize, sampler: RandomSampler(seed: 3), storage: storage)
        let trial = try await study.ask()
        try await trial.recordHeartbeat()
        #expect(try await study.failStaleTrials(gracePeriod: .zero).count == 1)
        await #expect { try await study.tell(trial, value: 0.25) } throws: { error in
            guard let error = error as? StudyError else { return false }
            return error.kind == .trialFinished && error.detail.contains("late_result:\(trial.number)")
                && error.detail.contains("no heartbeat")
        }
        let kept = try await storage.studyInfo(study.id).systemAttributes["late_result:\(trial.number)"]
        #expect(kept == ["state": "complete", "values": [0.25]])
    }

    // MARK: 1. Heartbeats under blocking objectives

    // Serialized: two cases at once could each hold a thread of a two-thread pool while waiting
    // for their second trial to start.
    @Test("objectives that block every thread of the pool do not starve heartbeats", .serialized, arguments: Kind.allCases)
    func blockingObjectives(kind: Kind) async throws {
        let directory = try TemporaryDirectory("driver-faults")
        let concurrency = max(2, ProcessInfo.processInfo.activeProcessorCount)
        let counting = BeatCountingStorage(try Self.storage(kind, directory), release: concurrency)
        let study = try await Study.create(name: "s", direction: .minimize, sampler: RandomSampler(seed: 4), storage: counting)
        try await study.optimize(nTrials: concurrency, concurrency: concurrency, heartbeatInterval: .milliseconds(5)) { trial in
            _ = try trial.suggestFloat("x", in: 0...1)
            // Block this thread (as CPU-bound training would) until every trial has beaten twice,
            // or give up after a minute.
            counting.arrived()
            return counting.gate.wait(timeout: .now() + 60) == .success ? 0 : 1
        }
        let trials = try await study.trials
        #expect(trials.count == concurrency && trials.allSatisfy { $0.value == 0 }, "heartbeats starved: \(counting.counts)")
    }

    // MARK: 8. Bounded concurrency

    @Test("a million workers with no trial limit stay bounded", arguments: Kind.allCases)
    func boundedConcurrency(kind: Kind) async throws {
        let directory = try TemporaryDirectory("driver-faults")
        let study = try await Study.create(name: "s", direction: .minimize, storage: try Self.storage(kind, directory))
        let running = Locked((now: 0, most: 0, total: 0))
        try await study.optimize(nTrials: nil, timeout: nil, concurrency: 50_000_000) { trial in
            let total = running.withLock { state in
                state.now += 1
                state.most = max(state.most, state.now)
                state.total += 1
                return state.total
            }
            if total >= 200 { study.stop() }
            running.withLock { $0.now -= 1 }
            return 0
        }
        #expect(running.withLock { $0.most } <= Study.maximumConcurrency)
    }
}

/// Forwards to a storage, failing on demand: the next finishing update (a full disk), or study
/// lookups (another process creating the study just after).
final class FaultyStorage: Storage, Sendable {
    let base: any Storage
    private let faults = Locked((failFinish: false, hide: 0))

    init(_ base: any Storage) { self.base = base }

    func failNextFinish() { faults.withLock { $0.failFinish = true } }
    /// The next `count` lookups of a study by name find none.
    func hideStudies(_ count: Int = 1) { faults.withLock { $0.hide = count } }

    func createStudy(name: String, directions: [StudyDirection]) async throws -> StudyID {
        try await base.createStudy(name: name, directions: directions)
    }
    func studyID(named name: String) async throws -> StudyID? {
        if faults.withLock({ state in
            defer { state.hide = max(0, state.hide - 1) }; return state.hide > 0
        }) {
            return nil
        }
        return try await base.studyID(named: name)
    }
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
    func startTrial(in study: StudyID, fresh: NewTrial?) async throws -> TrialRecord? { try await base.startTrial(in: study, fresh: fresh) }
    func updateTrial(_ trial: TrialID, _ update: TrialUpdate) async throws -> TrialRecord {
        if update.finish != nil,
            faults.withLock({ state in
                defer { state.failFinish = false }; return state.failFinish
            })
        {
            throw StorageError(.io, "test: No space left on device")
        }
        return try await base.updateTrial(trial, update)
    }
    func trial(_ trial: TrialID) async throws -> TrialRecord { try await base.trial(trial) }
    func snapshot(of study: StudyID) async throws -> StudySnapshot { try await base.snapshot(of: study) }
    func addTrials(_ records: [TrialRecord], to study: StudyID) async throws { try await base.addTrials(records, to: study) }
    func recordHeartbeat(_ trial: TrialID) async throws { try await base.recordHeartbeat(trial) }
    func failStaleTrials(in study: StudyID, gracePeriod: Duration, requeue: Bool) async throws -> [TrialRecord] {
        try await base.failStaleTrials(in: study, gracePeriod: gracePeriod, requeue: requeue)
    }
}

/// Forwards to a storage and counts heartbeats per trial; once `release` trials have arrived and
/// each has beaten twice, opens `gate` for all of them (from the heartbeat thread).
final class BeatCountingStorage: Storage, SynchronousHeartbeats, Sendable {
    let base: FaultyStorage
    let gate = DispatchSemaphore(value: 0)
    private let release: Int
    private let state = Locked((arrived: 0, counts: [Int: Int](), opened: false))

    init(_ base: any Storage, release: Int) {
        self.base = FaultyStorage(base)
        self.release = release
    }

    var counts: [Int: Int] { state.withLock { $0.counts } }
    func arrived() { state.withLock { $0.arrived += 1 } }

    func recordHeartbeatNow(_ trial: TrialID) throws {
        try (base.base as! any SynchronousHeartbeats).recordHeartbeatNow(trial)
        let open = state.withLock { state -> Bool in
            state.counts[trial.number, default: 0] += 1
            guard !state.opened, state.arrived >= release, state.counts.count >= release, state.counts.values.allSatisfy({ $0 >= 2 })
            else { return false }
            state.opened = true
            return true
        }
        if open { for _ in 0..<release { gate.signal() } }
    }

    func recordHeartbeat(_ trial: TrialID) async throws { try recordHeartbeatNow(trial) }

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
    func startTrial(in study: StudyID, fresh: NewTrial?) async throws -> TrialRecord? { try await base.startTrial(in: study, fresh: fresh) }
    func updateTrial(_ trial: TrialID, _ update: TrialUpdate) async throws -> TrialRecord { try await base.updateTrial(trial, update) }
    func trial(_ trial: TrialID) async throws -> TrialRecord { try await base.trial(trial) }
    func snapshot(of study: StudyID) async throws -> StudySnapshot { try await base.snapshot(of: study) }
    func addTrials(_ records: [TrialRecord], to study: StudyID) async throws { try await base.addTrials(records, to: study) }
    func failStaleTrials(in study: StudyID, gracePeriod: Duration, requeue: Bool) async throws -> [TrialRecord] {
        try await base.failStaleTrials(in: study, gracePeriod: gracePeriod, requeue: requeue)
    }
}
