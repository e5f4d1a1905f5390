import Foundation
public import HyperTuneCore
import HyperTuneSearchSpace

/// The contract of ``HyperTuneCore/Storage``, as checks every storage must pass.
///
/// Each check is a plain `async throws` function of a fresh, empty storage: it throws a
/// ``ConformanceFailure`` naming what broke, and needs no test framework, so a storage in another
/// package (a database, another file format) runs the same checks from its own tests. Wrap them in
/// one parameterized test:
///
/// ```swift
/// @Test(arguments: StorageConformance.checks)
/// func conforms(_ check: StorageConformance.Check) async throws {
///     try await check.run(on: MyStorage())
/// }
/// ```
public enum StorageConformance {
    /// One check of the contract.
    public struct Check: Sendable, CustomStringConvertible {
        /// What the check asserts.
        public let name: String
        private let body: @Sendable (any Storage) async throws -> Void

        init(_ name: String, _ body: @escaping @Sendable (any Storage) async throws -> Void) {
            self.name = name
            self.body = body
        }

        /// Runs the check on `storage`, which must hold no study.
        ///
        /// - Throws: ``ConformanceFailure`` when the storage breaks the contract, or what the
        ///   storage throws where the contract says it succeeds.
        public func run(on storage: any Storage) async throws { try await body(storage) }

        /// The check's name.
        public var description: String { name }
    }

    /// Every check, each independent of the others.
    public static let checks: [Check] = [
        Check("studies are created, found by name, listed, attributed and deleted", studies),
        Check("trial numbers are dense from 0 in each study, fresh and enqueued alike", denseNumbers),
        Check("running trials finish as complete, pruned or failed; invalid finishes are refused", stateTransitions),
        Check("a finished trial is never written again", lateWritesRejected),
        Check("enqueued trials wait, start once each, oldest first, with their fixed parameters", queue),
        Check("a claim is held by one trial of a study, for good", claims),
        Check("trial attributes and parameters merge; a parameter keeps its first value", attributesAndParameters),
        Check("intermediate values: the first value of a step wins, negative steps are refused", intermediateValues),
        Check("stale trials (heartbeat older than the grace period) fail and can be requeued", heartbeats),
        Check("trials added as records keep their states, values and order", addedTrials),
        Check("concurrent writers get unique dense numbers, lose no trial and share one claim", concurrentWriters),
    ]

    // MARK: The checks

    static func studies(_ storage: any Storage) async throws {
        let a = try await storage.createStudy(name: "a", directions: [.minimize])
        let b = try await storage.createStudy(name: "b", directions: [.minimize, .maximize])
        try expect(a != b, "two studies got the same identifier \(a)")
        try expect(try await storage.studyID(named: "a") == a, "studyID(named:) does not find study a")
        try expect(try await storage.studyID(named: "absent") == nil, "studyID(named:) finds a study never created")
        try await expectError(.studyExists, "creating a second study named a") {
            _ = try await storage.createStudy(name: "a", directions: [.maximize])
        }
        let info = try await storage.studyInfo(b)
        try expect(info.name == "b" && info.directions == [.minimize, .maximize], "studyInfo of b: \(info)")
        try expect(try await storage.allStudies().map(\.name) == ["a", "b"], "allStudies is not [a, b] by identifier")
        try await storage.setStudyAttribute(a, key: "owner", value: "me", system: false)
        try await storage.setStudyAttribute(a, key: "internal", value: 1, system: true)
        let attributed = try await storage.studyInfo(a)
        try expect(attributed.userAttributes == ["owner": "me"], "user attributes: \(attributed.userAttributes)")
        try expect(attributed.systemAttributes["internal"] == 1, "system attributes: \(attributed.systemAttributes)")
        _ = try await storage.startTrial(in: a, fresh: NewTrial())
        try expect(try await storage.studyInfo(a).trialCount == 1, "trialCount after one trial")
        try await storage.deleteStudy(a)
        try expect(try await storage.studyID(named: "a") == nil, "a deleted study is still found by name")
        try await expectError(.studyNotFound, "a snapshot of a deleted study") { _ = try await storage.snapshot(of: a) }
        try await expectError(.studyNotFound, "studyInfo of a deleted study") { _ = try await storage.studyInfo(a) }
        try expect(try await storage.allStudies().map(\.name) == ["b"], "deleting a touched other studies")
    }

    static func denseNumbers(_ storage: any Storage) async throws {
        let first = try await storage.createStudy(name: "first", directions: [.minimize])
        let second = try await storage.createStudy(name: "second", directions: [.minimize])
        var numbers: [Int] = []
        for index in 0..<6 {
            if index % 3 == 1 {
                _ = try await storage.enqueueTrial(in: first, params: ["x": 1], userAttributes: [:], systemAttributes: [:])
                let popped = try require(try await storage.startTrial(in: first, fresh: nil), "starting an enqueued trial")
                numbers.append(popped.number)
            } else {
                numbers.append(try require(try await storage.startTrial(in: first, fresh: NewTrial()), "a fresh trial").number)
            }
        }
        try expect(numbers == Array(0..<6), "numbers in one study: \(numbers)")
        let other = try require(try await storage.startTrial(in: second, fresh: NewTrial()), "a trial of another study")
        try expect(other.number == 0, "another study's first trial is number \(other.number)")
        try expect(try await storage.trial(TrialID(study: first, number: 4)).number == 4, "trial(_:) finds trial 4")
        try await expectError(.trialNotFound, "a trial number never given") {
            _ = try await storage.trial(TrialID(study: first, number: 6))
        }
    }

    static func stateTransitions(_ storage: any Storage) async throws {
        let study = try await storage.createStudy(name: "states", directions: [.minimize])
        var ids: [TrialID] = []
        for _ in 0..<4 { ids.append(try await start(storage, study)) }
        try await expectError(.invalidUpdate, "completing without a value") {
            _ = try await storage.updateTrial(ids[0], TrialUpdate(finish: TrialFinish(state: .complete)))
        }
        try await expectError(.invalidUpdate, "completing with NaN") {
            _ = try await storage.updateTrial(ids[0], TrialUpdate(finish: TrialFinish(state: .complete, values: [.nan])))
        }
        try await expectError(.invalidUpdate, "completing with two values for one objective") {
            _ = try await storage.updateTrial(ids[0], TrialUpdate(finish: TrialFinish(state: .complete, values: [1, 2])))
        }
        try await expectError(.invalidUpdate, "failing with a value") {
            _ = try await storage.updateTrial(ids[0], TrialUpdate(finish: TrialFinish(state: .fail, values: [1])))
        }
        try await expectError(.invalidUpdate, "finishing as running") {
            _ = try await storage.updateTrial(ids[0], TrialUpdate(finish: TrialFinish(state: .running)))
        }
        try expect(try await storage.trial(ids[0]).state == .running, "a refused finish changed the trial")
        // Finish out of number order: the history keeps the finishing order.
        let pruned = try await storage.updateTrial(ids[2], TrialUpdate(finish: TrialFinish(state: .pruned)))
        let complete = try await storage.updateTrial(ids[0], TrialUpdate(finish: TrialFinish(state: .complete, values: [0.5])))
        let failed = try await storage.updateTrial(ids[1], TrialUpdate(finish: TrialFinish(state: .fail)))
        try expect(pruned.state == .pruned && complete.state == .complete && failed.state == .fail, "finished states")
        try expect(complete.values == [0.5] && complete.endDate != nil, "a complete trial: \(complete)")
        let snapshot = try await storage.snapshot(of: study)
        try expect(snapshot.finished.map(\.number) == [2, 0, 1], "finished history: \(snapshot.finished.map(\.number))")
        try expect(snapshot.unfinished.map(\.number) == [3], "unfinished: \(snapshot.unfinished.map(\.number))")
        try expect(snapshot.studyName == "states" && snapshot.studyID == study, "the snapshot names its study")
    }

    static func lateWritesRejected(_ storage: any Storage) async throws {
        let study = try await storage.createStudy(name: "late", directions: [.minimize])
        let id = try await start(storage, study)
        let finished = try await storage.updateTrial(id, TrialUpdate(finish: TrialFinish(state: .complete, values: [1])))
        let writes: [(String, TrialUpdate)] = [
            ("an intermediate value", TrialUpdate(intermediateValues: [0: 1])),
            ("a parameter", TrialUpdate(parameters: ["x": try parameter(1)])),
            ("a user attribute", TrialUpdate(userAttributes: ["k": 1])),
            ("a system attribute", TrialUpdate(systemAttributes: ["k": 1])),
            ("a second finish", TrialUpdate(finish: TrialFinish(state: .fail))),
        ]
        for (what, update) in writes {
            try await expectError(.trialFinished, "writing \(what) to a finished trial") { _ = try await storage.updateTrial(id, update) }
        }
        try expect(try await storage.trial(id) == finished, "a rejected write changed the finished trial")
    }

    static func queue(_ storage: any Storage) async throws {
        let study = try await storage.createStudy(name: "queue", directions: [.minimize])
        try expect(try await storage.startTrial(in: study, fresh: nil) == nil, "an empty queue started a trial")
        let waiting = try await storage.enqueueTrial(in: study, params: ["x": 1], userAttributes: ["u": 1], systemAttributes: [:])
        _ = try await storage.enqueueTrial(in: study, params: ["x": 2], userAttributes: [:], systemAttributes: [:])
        try expect(waiting.state == .waiting && waiting.number == 0, "an enqueued trial: \(waiting)")
        try expect(try await storage.snapshot(of: study).unfinished.map(\.state) == [.waiting, .waiting], "waiting trials in the snapshot")
        let first = try require(try await storage.startTrial(in: study, fresh: NewTrial()), "popping the first")
        let second = try require(try await storage.startTrial(in: study, fresh: nil), "popping the second")
        try expect(first.number == 0 && first.fixedParams == ["x": 1] && first.state == .running, "first popped: \(first)")
        try expect(first.userAttributes == ["u": 1], "the enqueued user attributes: \(first.userAttributes)")
        try expect(second.number == 1 && second.fixedParams == ["x": 2], "second popped: \(second)")
        try expect(try await storage.startTrial(in: study, fresh: nil) == nil, "a trial was popped twice")
        try await expectError(.invalidUpdate, "writing to a waiting trial") {
            let parked = try await storage.enqueueTrial(in: study, params: [:], userAttributes: [:], systemAttributes: [:])
            _ = try await storage.updateTrial(TrialID(study: study, number: parked.number), TrialUpdate(intermediateValues: [0: 1]))
        }
    }

    static func claims(_ storage: any Storage) async throws {
        let study = try await storage.createStudy(name: "claims", directions: [.minimize])
        let other = try await storage.createStudy(name: "other", directions: [.minimize])
        let holder = try require(try await storage.startTrial(in: study, fresh: NewTrial(claim: "p")), "the first claim")
        try expect(try await storage.startTrial(in: study, fresh: NewTrial(claim: "p")) == nil, "a claim granted twice")
        _ = try require(try await storage.startTrial(in: study, fresh: NewTrial(claim: "q")), "another claim")
        _ = try require(try await storage.startTrial(in: other, fresh: NewTrial(claim: "p")), "the claim in another study")
        _ = try await storage.updateTrial(
            TrialID(study: study, number: holder.number), TrialUpdate(finish: TrialFinish(state: .complete, values: [1])))
        try expect(try await storage.startTrial(in: study, fresh: NewTrial(claim: "p")) == nil, "a finished trial's claim was released")
        try expect(try await storage.snapshot(of: study).trialCount == 2, "a refused claim left a trial behind")
    }

    static func attributesAndParameters(_ storage: any Storage) async throws {
        let study = try await storage.createStudy(name: "attributes", directions: [.minimize])
        let id = try await start(storage, study)
        _ = try await storage.updateTrial(id, TrialUpdate(parameters: ["x": try parameter(3)], userAttributes: ["a": 1, "b": "two"]))
        let record = try await storage.updateTrial(id, TrialUpdate(userAttributes: ["a": 2], systemAttributes: ["s": true]))
        try expect(record.userAttributes == ["a": 2, "b": "two"], "user attributes merge, later wins: \(record.userAttributes)")
        try expect(record.systemAttributes["s"] == true, "system attributes: \(record.systemAttributes)")
        try expect(record.parameters["x"]?.internalValue == 3, "parameters: \(record.parameters)")
        try await expectError(.invalidUpdate, "changing a parameter's value") {
            _ = try await storage.updateTrial(id, TrialUpdate(parameters: ["x": try parameter(4)]))
        }
        try expect(try await storage.trial(id).parameters.keys.sorted() == ["x"], "a refused update changed the parameters")
    }

    static func intermediateValues(_ storage: any Storage) async throws {
        let study = try await storage.createStudy(name: "curves", directions: [.minimize])
        let id = try await start(storage, study)
        _ = try await storage.updateTrial(id, TrialUpdate(intermediateValues: [0: 5, 3: 2]))
        let record = try await storage.updateTrial(id, TrialUpdate(intermediateValues: [0: 9, 1: 4]))
        try expect(record.intermediateValues == [0: 5, 1: 4, 3: 2], "intermediate values: \(record.intermediateValues)")
        try await expectError(.invalidUpdate, "a negative step") {
            _ = try await storage.updateTrial(id, TrialUpdate(intermediateValues: [-1: 0]))
        }
        let pruned = try await storage.updateTrial(id, TrialUpdate(finish: TrialFinish(state: .pruned)))
        try expect(pruned.intermediateValues == record.intermediateValues, "pruning lost intermediate values")
    }

    static func heartbeats(_ storage: any Storage) async throws {
        let study = try await storage.createStudy(name: "liveness", directions: [.minimize])
        let beating = try await start(storage, study)
        let silent = try await start(storage, study)
        _ = try await storage.updateTrial(beating, TrialUpdate(parameters: ["x": try parameter(2)]))
        try await storage.recordHeartbeat(beating)
        try expect(
            try await storage.failStaleTrials(in: study, gracePeriod: .seconds(3600), requeue: true).isEmpty,
            "a trial within its grace period was failed")
        // A negative grace period has always passed: no clock needs to move.
        let failed = try await storage.failStaleTrials(in: study, gracePeriod: .seconds(-1), requeue: true)
        try expect(failed.map(\.number) == [beating.number] && failed.allSatisfy { $0.state == .fail }, "failed: \(failed)")
        try expect(try await storage.trial(silent).state == .running, "a trial that never sent a heartbeat was failed")
        let retry = try require(try await storage.startTrial(in: study, fresh: nil), "the requeued trial")
        try expect(retry.fixedParams == ["x": 2.0], "the retry's fixed parameters: \(retry.fixedParams)")
        try expect(
            try await storage.failStaleTrials(in: study, gracePeriod: .seconds(-1), requeue: false).isEmpty,
            "a failed trial was failed again")
    }

    static func addedTrials(_ storage: any Storage) async throws {
        let study = try await storage.createStudy(name: "copy", directions: [.minimize])
        let start = Date(timeIntervalSince1970: 1000)
        let records = [
            TrialRecord(number: 0, state: .complete, values: [2], startDate: start, endDate: start),
            TrialRecord(number: 1, state: .fail, startDate: start, endDate: start),
            TrialRecord(number: 2, state: .running, startDate: start),
            TrialRecord(number: 3, state: .waiting),
        ]
        try await storage.addTrials(records, to: study)
        let snapshot = try await storage.snapshot(of: study)
        try expect(snapshot.finished.map(\.number) == [0, 1], "added finished trials: \(snapshot.finished.map(\.number))")
        try expect(snapshot.finished.first?.values == [2], "added values")
        try expect(snapshot.unfinished.map(\.state) == [.running, .waiting], "added unfinished trials")
        let popped = try require(try await storage.startTrial(in: study, fresh: nil), "the added waiting trial")
        try expect(popped.number == 3, "popped \(popped.number)")
        try await expectError(.invalidUpdate, "adding a complete trial without a value") {
            try await storage.addTrials([TrialRecord(number: 0, state: .complete, startDate: start, endDate: start)], to: study)
        }
    }

    static func concurrentWriters(_ storage: any Storage) async throws {
        let study = try await storage.createStudy(name: "concurrent", directions: [.minimize])
        let writers = 8
        let trialsEach = 10
        let numbers = try await withThrowingTaskGroup(of: [Int].self) { group in
            for writer in 0..<writers {
                group.addTask {
                    var numbers: [Int] = []
                    for index in 0..<trialsEach {
                        let id = try await start(storage, study)
                        _ = try await storage.updateTrial(id, TrialUpdate(intermediateValues: [0: Double(writer)]))
                        _ = try await storage.updateTrial(
                            id, TrialUpdate(finish: TrialFinish(state: .complete, values: [Double(writer * trialsEach + index)])))
                        numbers.append(id.number)
                    }
                    return numbers
                }
            }
            var all: [Int] = []
            for try await numbers in group { all += numbers }
            return all
        }
        try expect(numbers.sorted() == Array(0..<(writers * trialsEach)), "numbers given to concurrent writers are not 0..<80")
        let snapshot = try await storage.snapshot(of: study)
        try expect(snapshot.finished.count == writers * trialsEach && snapshot.unfinished.isEmpty, "trials lost")
        let winners = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<writers { group.addTask { try await storage.startTrial(in: study, fresh: NewTrial(claim: "only")) != nil } }
            var count = 0
            for try await won in group where won { count += 1 }
            return count
        }
        try expect(winners == 1, "\(winners) concurrent writers were granted one claim")
    }

    // MARK: Helpers

    private static func start(_ storage: any Storage, _ study: StudyID) async throws -> TrialID {
        let record = try require(try await storage.startTrial(in: study, fresh: NewTrial()), "starting a fresh trial")
        return TrialID(study: study, number: record.number)
    }

    private static func parameter(_ value: Double) throws -> Parameter {
        Parameter(distribution: .float(try FloatDistribution(low: 0, high: 10)), internalValue: value)
    }

    private static func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw ConformanceFailure(message()) }
    }

    private static func require<T>(_ value: T?, _ what: String) throws -> T {
        guard let value else { throw ConformanceFailure("\(what): got nil") }
        return value
    }

    private static func expectError(_ kind: StorageError.Kind, _ what: String, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as StorageError {
            if error.kind != kind { throw ConformanceFailure("\(what): expected \(kind), got \(error.kind) (\(error))") }
            return
        }
        throw ConformanceFailure("\(what): expected StorageError \(kind), nothing thrown")
    }
}
