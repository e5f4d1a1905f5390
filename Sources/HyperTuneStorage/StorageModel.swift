package import Foundation
package import HyperTuneCore
package import HyperTuneSearchSpace

/// The state of a storage (studies and their trials) and the operations on it, as a deterministic
/// state machine: the same operations, with the same dates, in the same order, give the same state.
///
/// `InMemoryStorage` holds one behind a lock. `JournalStorage` holds one per process and feeds it
/// the operations it reads from its log, so every process computes the same trial numbers, the same
/// queue pops and the same claims.
package struct StorageModel: Sendable {
    package struct StudyEntry: Sendable {
        var info: StudyInfo
        var log = TrialLog()
        /// Running and waiting trials, by number.
        var unfinished: [Int: TrialRecord] = [:]
        /// Waiting trial numbers, oldest first, from `waitingHead` on.
        var waiting: [Int] = []
        var waitingHead = 0
        /// For each trial number, its position in `log`, or -1 while unfinished.
        var positions: [Int] = []
        var claims = Set<String>()
        var heartbeats: [Int: Date] = [:]
    }

    private var studies: [StudyID: StudyEntry] = [:]
    private var names: [String: StudyID] = [:]
    private var nextStudyID = 0

    package init() {}

    // MARK: Studies

    package mutating func createStudy(name: String, directions: [StudyDirection]) throws(StorageError) -> StudyID {
        guard !name.isEmpty else { throw StorageError(.invalidUpdate, "a study name cannot be empty") }
        guard !directions.isEmpty else {
            throw StorageError(.invalidUpdate, "study \"\(name)\" needs at least one direction")
        }
        guard names[name] == nil else { throw StorageError(.studyExists, "a study named \"\(name)\" already exists") }
        let id = StudyID(rawValue: nextStudyID)
        nextStudyID += 1
        names[name] = id
        studies[id] = StudyEntry(info: StudyInfo(id: id, name: name, directions: directions))
        return id
    }

    package func studyID(named name: String) -> StudyID? { names[name] }

    package func studyInfo(_ id: StudyID) throws(StorageError) -> StudyInfo {
        let entry = try entry(id)
        var info = entry.info
        info.trialCount = entry.positions.count
        return info
    }

    package func allStudies() -> [StudyInfo] {
        studies.keys.sorted().compactMap { try? studyInfo($0) }
    }

    package mutating func deleteStudy(_ id: StudyID) throws(StorageError) {
        let entry = try entry(id)
        names[entry.info.name] = nil
        studies[id] = nil
    }

    package mutating func setStudyAttribute(
        _ id: StudyID, key: String, value: AttributeValue, system: Bool
    ) throws(StorageError) {
        try modify(id) { entry in
            if system { entry.info.systemAttributes[key] = value } else { entry.info.userAttributes[key] = value }
        }
    }

    // MARK: Trials

    package mutating func enqueueTrial(
        in id: StudyID, params: [String: ParameterValue], userAttributes: [String: AttributeValue],
        systemAttributes: [String: AttributeValue]
    ) throws(StorageError) -> TrialRecord {
        try modify(id) { entry in
            let number = entry.positions.count
            let record = TrialRecord(
                number: number, state: .waiting, userAttributes: userAttributes, systemAttributes: systemAttributes,
                fixedParams: params)
            entry.positions.append(-1)
            entry.unfinished[number] = record
            entry.waiting.append(number)
            return record
        }
    }

    package mutating func startTrial(in id: StudyID, fresh: NewTrial?, date: Date) throws(StorageError) -> TrialRecord? {
        try modify(id) { entry in
            if entry.waitingHead < entry.waiting.count {
                let number = entry.waiting[entry.waitingHead]
                entry.waitingHead += 1
                if entry.waitingHead > 64 && entry.waitingHead * 2 > entry.waiting.count {
                    entry.waiting.removeFirst(entry.waitingHead)
                    entry.waitingHead = 0
                }
                var record = entry.unfinished[number]!
                record.state = .running
                record.startDate = date
                if let mark = fresh?.systemAttributes[Self.heartbeatIntervalKey] {
                    record.systemAttributes[Self.heartbeatIntervalKey] = mark
                }
                entry.unfinished[number] = record
                return record
            }
            guard let fresh else { return nil }
            if let claim = fresh.claim {
                guard entry.claims.insert(claim).inserted else { return nil }
            }
            let number = entry.positions.count
            let record = TrialRecord(
                number: number, state: .running, systemAttributes: fresh.systemAttributes, startDate: date)
            entry.positions.append(-1)
            entry.unfinished[number] = record
            return record
        }
    }

    /// The number of waiting trials of a study: the next ``startTrial(in:fresh:date:)`` pops one
    /// when it is positive.
    package func waitingCount(in id: StudyID) throws(StorageError) -> Int {
        let entry = try entry(id)
        return entry.waiting.count - entry.waitingHead
    }

    package mutating func updateTrial(_ id: TrialID, _ update: TrialUpdate, date: Date) throws(StorageError) -> TrialRecord {
        try modify(id.study) { (entry) throws(StorageError) -> TrialRecord in
            guard id.number >= 0, id.number < entry.positions.count else {
                throw StorageError(.trialNotFound, "\(entry.info.name): no trial number \(id.number)")
            }
            guard var record = entry.unfinished[id.number] else {
                let finished = entry.log.history[entry.positions[id.number]]
                throw StorageError(
                    .trialFinished,
                    "\(entry.info.name): trial \(id.number) is already finished (\(finished.state.rawValue)); a finished trial is never written again"
                )
            }
            guard record.state == .running else {
                throw StorageError(.invalidUpdate, "\(entry.info.name): trial \(id.number) is waiting; start it before writing to it")
            }
            try Self.apply(update, to: &record, directions: entry.info.directions, study: entry.info.name, date: date)
            if record.state.isFinished {
                entry.unfinished[id.number] = nil
                entry.heartbeats[id.number] = nil
                entry.positions[id.number] = entry.log.count
                entry.log.append(record)
            } else {
                entry.unfinished[id.number] = record
            }
            return record
        }
    }

    /// Checks every rule of `update` before changing anything, then applies it.
    private static func apply(
        _ update: TrialUpdate, to record: inout TrialRecord, directions: [StudyDirection], study: String, date: Date
    ) throws(StorageError) {
        let label = "\(study): trial \(record.number)"
        for (name, parameter) in update.parameters {
            if let existing = record.parameters[name], existing != parameter {
                throw StorageError(
                    .invalidUpdate,
                    "\(label): parameter \"\(name)\" is already \(existing.value) from \(existing.distribution), cannot set \(parameter.value) from \(parameter.distribution)"
                )
            }
            guard parameter.distribution.contains(internal: parameter.internalValue) else {
                throw StorageError(
                    .invalidUpdate, "\(label): parameter \"\(name)\": \(parameter.internalValue) is not in \(parameter.distribution)")
            }
        }
        for step in update.intermediateValues.keys where step < 0 {
            throw StorageError(.invalidUpdate, "\(label): step must be >= 0, got \(step)")
        }
        if let finish = update.finish {
            switch finish.state {
            case .complete:
                guard let values = finish.values, values.count == directions.count else {
                    throw StorageError(
                        .invalidUpdate,
                        "\(label): a complete trial needs \(directions.count) value(s), got \(finish.values.map { "\($0.count)" } ?? "none")"
                    )
                }
                guard values.allSatisfy(\.isFinite) else {
                    throw StorageError(.invalidUpdate, "\(label): values must be finite, got \(values)")
                }
            case .pruned:
                if let values = finish.values, values.count != directions.count {
                    throw StorageError(
                        .invalidUpdate, "\(label): a pruned trial takes \(directions.count) value(s) or none, got \(values.count)")
                }
            case .fail:
                guard finish.values == nil else {
                    throw StorageError(.invalidUpdate, "\(label): a failed trial takes no values")
                }
            case .waiting, .running:
                throw StorageError(.invalidUpdate, "\(label): cannot finish a trial as \(finish.state.rawValue)")
            }
        }
        record.parameters.merge(update.parameters) { old, _ in old }
        record.intermediateValues.merge(update.intermediateValues) { old, _ in old }
        record.userAttributes.merge(update.userAttributes) { _, new in new }
        record.systemAttributes.merge(update.systemAttributes) { _, new in new }
        if let finish = update.finish {
            record.state = finish.state
            record.values = finish.values
            record.endDate = date
        }
    }

    package func trial(_ id: TrialID) throws(StorageError) -> TrialRecord {
        let entry = try entry(id.study)
        guard id.number >= 0, id.number < entry.positions.count else {
            throw StorageError(.trialNotFound, "\(entry.info.name): no trial number \(id.number)")
        }
        if let record = entry.unfinished[id.number] { return record }
        return entry.log.history[entry.positions[id.number]]
    }

    package func snapshot(of id: StudyID) throws(StorageError) -> StudySnapshot {
        let entry = try entry(id)
        return StudySnapshot(
            studyID: id, studyName: entry.info.name, directions: entry.info.directions, finished: entry.log.history,
            unfinished: entry.unfinished.values.sorted { $0.number < $1.number })
    }

    // MARK: Liveness

    package mutating func recordHeartbeat(_ id: TrialID, date: Date) throws(StorageError) {
        try modify(id.study) { entry in
            if entry.unfinished[id.number]?.state == .running { entry.heartbeats[id.number] = date }
        }
    }

    package mutating func failStaleTrials(
        in id: StudyID, gracePeriod: Duration, requeue: Bool, now: Date
    ) throws(StorageError) -> [TrialRecord] {
        let stale = try staleTrials(in: id, gracePeriod: gracePeriod, now: now)
        return try failTrials(
            in: id, numbers: stale, reason: Self.staleReason(gracePeriod), requeue: requeue, date: now)
    }

    /// The `fail_reason` of a trial failed for lack of heartbeats.
    package static func staleReason(_ gracePeriod: Duration) -> String {
        "no heartbeat for more than \(gracePeriod)"
    }

    /// The running trials of a study whose last heartbeat is more than `gracePeriod` before `now`,
    /// by number.
    /// A running trial started with heartbeats that has not beaten yet is stale once more than
    /// `gracePeriod` has passed since its start (its worker may have died before the first beat).
    ///
    /// - Complexity: O(running trials).
    package func staleTrials(in id: StudyID, gracePeriod: Duration, now: Date) throws(StorageError) -> [Int] {
        let entry = try entry(id)
        let grace = Double(gracePeriod.components.seconds) + Double(gracePeriod.components.attoseconds) * 1e-18
        var stale = entry.heartbeats.filter { now.timeIntervalSince($0.value) > grace }.map(\.key)
        for (number, record) in entry.unfinished
        where record.state == .running && entry.heartbeats[number] == nil && record.systemAttributes[Self.heartbeatIntervalKey] != nil {
            if let start = record.startDate, now.timeIntervalSince(start) > grace { stale.append(number) }
        }
        return stale.sorted()
    }

    /// The system attribute that marks a trial started with heartbeats (its value: the interval
    /// in seconds). Such a trial is judged by ``staleTrials(in:gracePeriod:now:)`` from its start.
    package static let heartbeatIntervalKey = SystemAttributeKey.heartbeatInterval.rawValue

    /// Fails the running trials `numbers` (with `reason` in `fail_reason`) and, when `requeue` is
    /// true, enqueues a new trial with the same parameters for each. Checks every trial before
    /// changing anything.
    package mutating func failTrials(
        in id: StudyID, numbers: [Int], reason: String, requeue: Bool, date: Date
    ) throws(StorageError) -> [TrialRecord] {
        let entry = try entry(id)
        for number in numbers where entry.unfinished[number]?.state != .running {
            throw StorageError(
                .invalidUpdate, "\(entry.info.name): trial \(number) is not running; only running trials are failed as stale")
        }
        guard Set(numbers).count == numbers.count else {
            throw StorageError(.invalidUpdate, "\(entry.info.name): a trial is listed twice in \(numbers)")
        }
        var failed: [TrialRecord] = []
        for number in numbers {
            let record = try updateTrial(
                TrialID(study: id, number: number),
                TrialUpdate(systemAttributes: .init(system: [.failReason: .string(reason)]), finish: TrialFinish(state: .fail)),
                date: date)
            failed.append(record)
            if requeue {
                _ = try enqueueTrial(
                    in: id, params: record.params, userAttributes: record.userAttributes,
                    systemAttributes: .init(system: [.retriedFrom: .int(number)]))
            }
        }
        return failed
    }

    // MARK: Copying

    /// Adds a trial as `record` describes it (state, values, parameters, intermediate values,
    /// attributes, fixed parameters, dates), with the study's next number: the way a study is
    /// copied from another storage. A waiting trial joins the end of the queue; a running one
    /// has no heartbeat; a finished one joins the finished history.
    ///
    /// - Throws: ``HyperTuneCore/StorageError`` `invalidUpdate` when the record breaks a rule of its state (see
    ///   ``HyperTuneCore/TrialUpdate``): a complete trial needs one finite value per objective, and so on.
    package mutating func addTrial(_ record: TrialRecord, to id: StudyID) throws(StorageError) -> TrialRecord {
        try modify(id) { (entry) throws(StorageError) -> TrialRecord in
            let label = "\(entry.info.name): copied trial \(record.number)"
            for step in record.intermediateValues.keys where step < 0 {
                throw StorageError(.invalidUpdate, "\(label): step must be >= 0, got \(step)")
            }
            for (name, parameter) in record.parameters where !parameter.distribution.contains(internal: parameter.internalValue) {
                throw StorageError(
                    .invalidUpdate, "\(label): parameter \"\(name)\": \(parameter.internalValue) is not in \(parameter.distribution)")
            }
            let objectives = entry.info.directions.count
            switch record.state {
            case .complete:
                guard let values = record.values, values.count == objectives, values.allSatisfy(\.isFinite) else {
                    throw StorageError(
                        .invalidUpdate,
                        "\(label): a complete trial needs \(objectives) finite value(s), got \(record.values.map { "\($0)" } ?? "none")")
                }
            case .pruned:
                if let values = record.values, values.count != objectives {
                    throw StorageError(.invalidUpdate, "\(label): a pruned trial takes \(objectives) value(s) or none, got \(values.count)")
                }
            case .fail, .waiting, .running:
                guard record.values == nil else {
                    throw StorageError(.invalidUpdate, "\(label): a \(record.state.rawValue) trial takes no values")
                }
            }
            var stored = record
            stored.number = entry.positions.count
            if stored.state.isFinished {
                entry.positions.append(entry.log.count)
                entry.log.append(stored)
            } else {
                entry.positions.append(-1)
                entry.unfinished[stored.number] = stored
                if stored.state == .waiting { entry.waiting.append(stored.number) }
            }
            return stored
        }
    }

    // MARK: Helpers

    private func entry(_ id: StudyID) throws(StorageError) -> StudyEntry {
        guard let entry = studies[id] else { throw StorageError(.studyNotFound, "no study with id \(id.rawValue)") }
        return entry
    }

    private mutating func modify<R>(
        _ id: StudyID, _ body: (inout StudyEntry) throws(StorageError) -> R
    ) throws(StorageError) -> R {
        guard studies[id] != nil else { throw StorageError(.studyNotFound, "no study with id \(id.rawValue)") }
        return try body(&studies[id]!)
    }
}
