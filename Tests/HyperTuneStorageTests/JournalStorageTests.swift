import Foundation
import HyperTuneCore
import HyperTuneSearchSpace
import HyperTuneStorage
import HyperTuneTestSupport
import Testing

@Suite("JournalStorage")
struct JournalStorageTests {
    let directory: TemporaryDirectory
    let path: String

    init() throws {
        directory = try TemporaryDirectory("journal")
        path = directory.file("studies.journal")
    }

    static let x = Distribution.float(try! FloatDistribution(low: -5, high: 5))
    static let lr = Distribution.float(try! FloatDistribution(low: 1e-5, high: 1e-1, log: true))
    static let dropout = Distribution.float(try! FloatDistribution(low: 0, high: 0.5, step: 0.05))
    static let layers = Distribution.int(try! IntDistribution(low: 1, high: 64, log: true))
    static let units = Distribution.int(try! IntDistribution(low: 8, high: 128, step: 8))
    static let kind = Distribution.categorical(try! CategoricalDistribution(["sgd", 2, 0.5, true]))

    static func parameters(_ seed: UInt64) -> [String: Parameter] {
        var generator = SeededGenerator(seed: seed)
        return [
            "x": Parameter(distribution: x, internalValue: generator.nextDouble() * 10 - 5),
            "lr": Parameter(distribution: lr, internalValue: 1e-5 + generator.nextDouble() * (1e-1 - 1e-5)),
            "dropout": Parameter(distribution: dropout, internalValue: dropout.snapped(Double(generator.nextInt(below: 11)) * 0.05)),
            "layers": Parameter(distribution: layers, internalValue: Double(1 + generator.nextInt(below: 64))),
            "units": Parameter(distribution: units, internalValue: Double(8 + 8 * generator.nextInt(below: 16))),
            "kind": Parameter(distribution: kind, internalValue: Double(generator.nextInt(below: 4))),
        ]
    }

    /// Fills a storage with one of everything: two studies (one multi-objective, one deleted),
    /// attributes of every kind, enqueued, running, complete, pruned and failed trials, odd numbers.
    static func populate(_ storage: some Storage) async throws -> StudyID {
        let id = try await storage.createStudy(name: "main", directions: [.minimize])
        let other = try await storage.createStudy(name: "two objectives", directions: [.minimize, .maximize])
        let gone = try await storage.createStudy(name: "gone", directions: [.maximize])
        try await storage.setStudyAttribute(
            id, key: "note", value: ["nested": [1, 2.5, "three", nil, true], "unicode": "é\n\"q\"\t\u{1}"], system: false)
        try await storage.setStudyAttribute(id, key: "seed", value: 7, system: true)
        _ = try await storage.enqueueTrial(
            in: id, params: ["x": 1.5, "kind": "sgd", "layers": 4], userAttributes: ["why": "warm start"],
            systemAttributes: [:])
        for seed in 0..<6 {
            let record = try #require(try await storage.startTrial(in: id, fresh: NewTrial(systemAttributes: ["seed": .int(seed)])))
            let trial = TrialID(study: id, number: record.number)
            _ = try await storage.updateTrial(
                trial,
                TrialUpdate(parameters: parameters(UInt64(seed)), intermediateValues: [0: 1.0 / 3.0, 1: .nan, 2: -.infinity]))
            switch seed {
            case 0, 1:
                _ = try await storage.updateTrial(
                    trial, TrialUpdate(finish: TrialFinish(state: .complete, values: [0.1 * Double(seed) - 1e-300])))
            case 2:
                _ = try await storage.updateTrial(
                    trial, TrialUpdate(userAttributes: ["u": 1], finish: TrialFinish(state: .pruned, values: [2])))
            case 3:
                _ = try await storage.updateTrial(
                    trial, TrialUpdate(systemAttributes: ["fail_reason": "boom"], finish: TrialFinish(state: .fail)))
            default: break  // left running
            }
        }
        _ = try await storage.enqueueTrial(in: id, params: ["x": 0], userAttributes: [:], systemAttributes: ["k": "v"])
        let first = try #require(try await storage.startTrial(in: other, fresh: NewTrial(claim: "grid:0")))
        #expect(try await storage.startTrial(in: other, fresh: NewTrial(claim: "grid:0")) == nil)
        _ = try await storage.updateTrial(
            TrialID(study: other, number: first.number), TrialUpdate(finish: TrialFinish(state: .complete, values: [1, -1])))
        try await storage.deleteStudy(gone)
        return id
    }

    @Test("a reopened journal holds exactly what was written")
    func reopen() async throws {
        let journal = try JournalStorage(path: path)
        let id = try await Self.populate(journal)
        let written = try await journal.snapshot(of: id).trials()
        let reopened = try JournalStorage(path: path)
        #expect(sameTrials(try await reopened.snapshot(of: id).trials(), written))
        #expect(try await reopened.allStudies() == (try await journal.allStudies()))
        #expect(try await reopened.allStudies().map(\.name) == ["main", "two objectives"])
        #expect(try await reopened.studyInfo(id).userAttributes == (try await journal.studyInfo(id).userAttributes))
        #expect(try await reopened.studyInfo(id).systemAttributes == ["seed": 7])
        // The same operations on an in-memory storage give the same trials (dates aside).
        let memory = InMemoryStorage()
        let memoryID = try await Self.populate(memory)
        let expected = try await memory.snapshot(of: memoryID).trials()
        let undated = { (trials: [TrialRecord]) in
            trials.map {
                var t = $0; t.startDate = nil; t.endDate = nil; return t
            }
        }
        #expect(sameTrials(undated(written), undated(expected)))
        // The waiting queue and the claims survive: the next start pops the enqueued trial.
        let next = try #require(try await reopened.startTrial(in: id, fresh: NewTrial()))
        #expect(next.fixedParams == ["x": 0] && next.systemAttributes == ["k": "v"])
        let other = try #require(try await reopened.studyID(named: "two objectives"))
        #expect(try await reopened.startTrial(in: other, fresh: NewTrial(claim: "grid:0")) == nil)
    }

    @Test("every sync policy writes before returning, so a second storage sees the records at once")
    func everyPolicyWritesBeforeReturning() async throws {
        #expect(try JournalStorage(path: path).syncPolicy == .interval(.seconds(1)))
        for (index, policy) in [
            JournalStorage.SyncPolicy.interval(.milliseconds(1)), .interval(.seconds(3600)), .never,
            .finishedTrials, .everyRecord,
        ].enumerated() {
            let file = directory.file("policy-\(index).journal")
            let journal = try JournalStorage(path: file, syncPolicy: policy)
            let id = try await Self.populate(journal)
            let reader = try JournalStorage(path: file)
            #expect(sameTrials(try await reader.snapshot(of: id).trials(), try await journal.snapshot(of: id).trials()))
            try journal.synchronize()
        }
    }

    @Test("two storages on one file agree on numbers, the queue, claims and finished trials")
    func twoWriters() async throws {
        let a = try JournalStorage(path: path)
        let b = try JournalStorage(path: path)
        let id = try await a.createStudy(name: "shared", directions: [.minimize])
        #expect(try await b.studyID(named: "shared") == id)
        await #expect { _ = try await b.createStudy(name: "shared", directions: [.minimize]) } throws: {
            ($0 as? StorageError)?.kind == .studyExists
        }
        _ = try await b.enqueueTrial(in: id, params: ["x": 1], userAttributes: [:], systemAttributes: [:])
        var numbers: [Int] = []
        var fixed: [[String: ParameterValue]] = []
        for round in 0..<20 {
            let storage = round % 2 == 0 ? a : b
            let record = try #require(try await storage.startTrial(in: id, fresh: NewTrial()))
            numbers.append(record.number)
            fixed.append(record.fixedParams)
        }
        #expect(numbers == Array(0..<20))
        #expect(fixed[0] == ["x": 1] && fixed.dropFirst().allSatisfy(\.isEmpty))
        #expect(try await a.startTrial(in: id, fresh: NewTrial(claim: "p")) != nil)
        #expect(try await b.startTrial(in: id, fresh: NewTrial(claim: "p")) == nil)
        let trial = TrialID(study: id, number: 3)
        _ = try await a.updateTrial(trial, TrialUpdate(finish: TrialFinish(state: .complete, values: [1])))
        await #expect { _ = try await b.updateTrial(trial, TrialUpdate(intermediateValues: [0: 1])) } throws: { error in
            let error = error as? StorageError
            return error?.kind == .trialFinished && error?.detail.contains("trial 3") == true
        }
        #expect(try await b.snapshot(of: id).finished.count == 1)
        #expect(try await b.trial(trial).values == [1])
    }

    @Test("tasks writing at once through two storages lose nothing")
    func concurrentWriters() async throws {
        let storages = [try JournalStorage(path: path), try JournalStorage(path: path, syncPolicy: .never)]
        let id = try await storages[0].createStudy(name: "busy", directions: [.minimize])
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<4 {
                group.addTask {
                    let storage = storages[worker % 2]
                    for _ in 0..<25 {
                        let record = try #require(try await storage.startTrial(in: id, fresh: NewTrial()))
                        _ = try await storage.updateTrial(
                            TrialID(study: id, number: record.number),
                            TrialUpdate(
                                parameters: ["x": Parameter(distribution: Self.x, internalValue: Double(worker))],
                                finish: TrialFinish(state: .complete, values: [Double(record.number)])))
                    }
                }
            }
            try await group.waitForAll()
        }
        let trials = try await JournalStorage(path: path).snapshot(of: id).trials()
        #expect(trials.map(\.number) == Array(0..<100))
        #expect(trials.allSatisfy { $0.state == .complete && $0.value == Double($0.number) })
        #expect(Dictionary(grouping: trials, by: { $0.params["x"] }).mapValues(\.count) == [0.0: 25, 1.0: 25, 2.0: 25, 3.0: 25])
    }

    @Test("an absent or empty file is a new storage; the first write adds the header")
    func emptyFile() async throws {
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        let journal = try JournalStorage(path: path)
        #expect(try await journal.allStudies().isEmpty)
        _ = try await journal.createStudy(name: "s", directions: [.maximize])
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.first?.hasPrefix(#"{"v":2,"op":"header","format":"hypertune-journal","crc":""#) == true)
        #expect(lines.count == 2)
        let absent = directory.file("new.journal")
        #expect(try await JournalStorage(path: absent).allStudies().isEmpty)
        #expect(FileManager.default.fileExists(atPath: absent))
    }

    @Test(
        "a torn last record is ignored, then cut off by the next write",
        arguments: [
            #"{"v":1,"op":"updateTrial","study":0,"trial":0,"da"#,  // cut mid-line
            "\u{0}\u{0}\u{0}\u{0}",  // zeros, as a file system may leave after a power cut
            // (a last line with its newline that does not parse is damage: JournalFaultTests)
        ])
    func tornRecord(tail: String) async throws {
        let journal = try JournalStorage(path: path)
        let id = try await Self.populate(journal)
        let expected = try await journal.snapshot(of: id).trials()
        let intact = try Data(contentsOf: URL(fileURLWithPath: path))
        try append(tail)
        let reopened = try JournalStorage(path: path)
        #expect(sameTrials(try await reopened.snapshot(of: id).trials(), expected))
        // The next write replaces the torn bytes.
        let record = try #require(try await reopened.startTrial(in: id, fresh: NewTrial()))
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(data.prefix(intact.count) == intact)
        #expect(!data.dropFirst(intact.count).contains(0) && data.last == UInt8(ascii: "\n"))
        #expect(try await JournalStorage(path: path).trial(TrialID(study: id, number: record.number)).state == .running)
        // The storage that saw the torn record also reads the record that replaced it.
        #expect(try await journal.trial(TrialID(study: id, number: record.number)).state == .running)
    }

    @Test("garbage in the middle is an error naming the file and the line")
    func garbageInTheMiddle() async throws {
        let journal = try JournalStorage(path: path)
        let id = try await journal.createStudy(name: "s", directions: [.minimize])
        _ = try await journal.startTrial(in: id, fresh: NewTrial())
        try append("this is not json\n")
        // Another record after the garbage makes it damage, not a torn write.
        try append(#"{"v":1,"op":"heartbeat","study":0,"trial":0,"date":1}"# + "\n")
        #expect { _ = try JournalStorage(path: path) } throws: { error in
            let error = error as? StorageError
            return error?.kind == .corrupt && error?.detail.contains(path) == true && error?.detail.contains("line 4") == true
        }
        // A storage that had the file open sees the damage at its next read.
        await #expect { _ = try await journal.snapshot(of: id) } throws: { error in
            (error as? StorageError)?.kind == .corrupt && (error as? StorageError)?.detail.contains("line 4") == true
        }
    }

    @Test(
        "a valid line that is not a valid record is corrupt, wherever it is",
        arguments: [
            #"{"v":1,"op":"teleport","study":0}"#,
            #"{"v":1,"op":"updateTrial","study":0,"trial":99,"date":1}"#,
            #"{"v":1,"op":"startTrial","study":0,"trial":5,"date":1,"fresh":{}}"#,
            #"{"op":"startTrial"}"#,
            #"[1,2,3]"#,
        ])
    func invalidRecord(line: String) async throws {
        let journal = try JournalStorage(path: path)
        _ = try await journal.createStudy(name: "s", directions: [.minimize])
        try append(line + "\n")
        #expect { _ = try JournalStorage(path: path) } throws: { error in
            let error = error as? StorageError
            return error?.kind == .corrupt && error?.detail.contains("line 3") == true
        }
    }

    @Test("a record of a newer version is a clear error, even as the last line")
    func futureVersion() async throws {
        let journal = try JournalStorage(path: path)
        _ = try await journal.createStudy(name: "s", directions: [.minimize])
        try append(#"{"v":3,"op":"createStudyWithMagic","study":1}"# + "\n")
        #expect { _ = try JournalStorage(path: path) } throws: { error in
            let error = error as? StorageError
            return error?.kind == .unsupportedVersion && error?.detail.contains("line 3") == true
                && error?.detail.contains("version 3") == true && error?.detail.contains(path) == true
        }
    }

    @Test("a file that is not a journal is refused, and left as it was")
    func notAJournal() async throws {
        for content in ["name,score\nalice,3\n", "{\"a\":1}\n", "plain text without newline"] {
            try Data(content.utf8).write(to: URL(fileURLWithPath: path))
            #expect { _ = try JournalStorage(path: path) } throws: { error in
                let error = error as? StorageError
                return error?.kind == .corrupt && error?.detail.contains("not a HyperTune journal") == true
            }
            #expect(try String(contentsOfFile: path, encoding: .utf8) == content)
        }
        // The start of a header, cut short by a crash on the very first write, is an empty journal.
        try Data(#"{"v":1,"op":"hea"#.utf8).write(to: URL(fileURLWithPath: path))
        let journal = try JournalStorage(path: path)
        _ = try await journal.createStudy(name: "s", directions: [.minimize])
        #expect(try await JournalStorage(path: path).studyID(named: "s") != nil)
    }

    @Test("stale trials: heartbeats with explicit dates, failing after the grace period, requeueing")
    func heartbeats() async throws {
        let a = try JournalStorage(path: path)
        let b = try JournalStorage(path: path)
        let id = try await a.createStudy(name: "h", directions: [.minimize])
        let start = Date(timeIntervalSinceReferenceDate: 800_000_000)
        var trials: [TrialID] = []
        for _ in 0..<3 {
            let record = try #require(try await a.startTrial(in: id, fresh: NewTrial()))
            trials.append(TrialID(study: id, number: record.number))
        }
        _ = try await a.updateTrial(trials[0], TrialUpdate(parameters: Self.parameters(1), userAttributes: ["u": "kept"]))
        try a.recordHeartbeat(trials[0], date: start)
        try b.recordHeartbeat(trials[1], date: start + 100)
        // trials[2] never sends a heartbeat.
        #expect(try b.failStaleTrials(in: id, gracePeriod: .seconds(60), requeue: true, now: start + 50).isEmpty)
        let failed = try b.failStaleTrials(in: id, gracePeriod: .seconds(60), requeue: true, now: start + 120)
        #expect(failed.map(\.number) == [trials[0].number])
        #expect(failed.first?.systemAttributes["fail_reason"]?.stringValue?.contains("no heartbeat") == true)
        #expect(try await a.trial(trials[0]).state == .fail)
        #expect(try await a.trial(trials[1]).state == .running)
        #expect(try await a.trial(trials[2]).state == .running)
        // The retry is popped once, by whichever storage starts first, with the same parameters.
        let retry = try #require(try await a.startTrial(in: id, fresh: NewTrial()))
        #expect(retry.fixedParams == Self.parameters(1).mapValues(\.value))
        #expect(retry.userAttributes == ["u": "kept"])
        #expect(retry.systemAttributes["retried_from"] == .int(trials[0].number))
        #expect(try await b.startTrial(in: id, fresh: nil) == nil)
        // Finishing removes the heartbeat; late heartbeats of finished trials are ignored.
        _ = try await b.updateTrial(trials[1], TrialUpdate(finish: TrialFinish(state: .complete, values: [0])))
        try a.recordHeartbeat(trials[1], date: start + 200)
        #expect(try a.failStaleTrials(in: id, gracePeriod: .seconds(1), requeue: false, now: start + 1_000).isEmpty)
        // Replay gives the same state.
        let reopened = try JournalStorage(path: path)
        #expect(sameTrials(try await reopened.snapshot(of: id).trials(), try await a.snapshot(of: id).trials()))
    }

    @Test("copying trials keeps numbers, states, values, parameters, attributes and dates")
    func addTrials() async throws {
        let memory = InMemoryStorage()
        let source = try await Self.populate(memory)
        let trials = try await memory.snapshot(of: source).trials()
        let journal = try JournalStorage(path: path)
        let id = try await journal.createStudy(name: "copy", directions: [.minimize])
        try await journal.addTrials(trials, to: id)
        #expect(sameTrials(try await journal.snapshot(of: id).trials(), trials))
        #expect(sameTrials(try await JournalStorage(path: path).snapshot(of: id).trials(), trials))
        // Waiting trials are queued in order; running ones stay running.
        let next = try #require(try await journal.startTrial(in: id, fresh: NewTrial()))
        #expect(next.number == trials.first { $0.state == .waiting }?.number)
        // A record breaking a rule is refused, after the ones before it are added.
        let bad = TrialRecord(number: 0, state: .complete, values: [.nan])
        await #expect { try await journal.addTrials([trials[0], bad], to: id) } throws: {
            ($0 as? StorageError)?.kind == .invalidUpdate
        }
        #expect(try await JournalStorage(path: path).snapshot(of: id).trialCount == trials.count + 1)
    }

    @Test("every sync policy writes the same records")
    func syncPolicies() async throws {
        var files: [Data] = []
        for (index, policy) in [JournalStorage.SyncPolicy.interval(.seconds(1)), .finishedTrials, .everyRecord, .never].enumerated() {
            let file = directory.file("policy\(index).journal")
            let journal = try JournalStorage(path: file, syncPolicy: policy)
            let id = try await journal.createStudy(name: "p", directions: [.minimize])
            let record = try #require(try await journal.startTrial(in: id, fresh: NewTrial()))
            _ = try await journal.updateTrial(
                TrialID(study: id, number: record.number), TrialUpdate(finish: TrialFinish(state: .complete, values: [1])))
            #expect(journal.syncPolicy == policy)
            #expect(try await JournalStorage(path: file).snapshot(of: id).finished.count == 1)
            // Dates differ between runs; the shape of the file does not.
            files.append(Data(try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").map { $0.prefix(40) }.joined().utf8))
        }
        #expect(Set(files).count == 1)
    }

    #if os(Linux)
    /// /dev/full accepts the open and the lock, reads as empty, and fails every write (ENOSPC).
    @Test("a failed append leaves no trace: the operation throws and the state is rebuilt from the file")
    func failedAppend() async throws {
        let journal = try JournalStorage(path: "/dev/full")
        await #expect { _ = try await journal.createStudy(name: "s", directions: [.minimize]) } throws: { error in
            let error = error as? StorageError
            return error?.kind == .io && error?.detail.contains("/dev/full") == true
        }
        #expect(try await journal.studyID(named: "s") == nil)
        #expect(try await journal.allStudies().isEmpty)
    }
    #endif

    private func append(_ text: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }
}
