import Foundation
public import HyperTuneCore
public import HyperTuneSearchSpace

/// A shared, totally ordered log of records: what a ``LogStorage`` keeps its studies in (a
/// database table, say, for storages outside this package such as `PostgresStorage`).
///
/// A log holds opaque records (journal lines, see `Docs/Storage.md`), numbered from 1 in the
/// order they were appended; every process that reads the log sees the same records in the same
/// order. Positions are dense: the records after position `p` are records `p + 1`, `p + 2`, ...
/// with no gaps, and a reader never sees record `p + 2` before record `p + 1`.
///
/// A conforming type must be safe to use from several tasks at once; ``LogStorage`` calls it from
/// one task at a time per storage.
public protocol OperationLog: Sendable {
    /// The records after the first `position` records, in order (none when the log has no more).
    func records(after position: Int) async throws -> [String]

    /// Appends records after every record the log holds, atomically, with the log held
    /// exclusively from the read to the append.
    ///
    /// With the log held (no other process can append), reads the records after `position` and
    /// calls `decide` once with them; `decide` applies them, then returns what to append
    /// (possibly nothing). Its records take the positions after those; the other parts of the
    /// ``LogAppend`` are for a backend that keeps queryable tables beside the log.
    ///
    /// Returns only once the records are committed. When it throws, nothing of this call was
    /// appended: a backend that cannot tell whether a commit happened (a connection lost during
    /// the commit) finds out before it returns or throws. When `decide` throws, its error is
    /// rethrown as it is and nothing is appended. Throw ``OperationLogInterrupted`` when the
    /// append failed for a reason that a new attempt may not meet (a lost connection, a
    /// serialization failure): the storage rebuilds its state and tries again.
    ///
    /// - Parameters:
    ///   - position: How many records the caller has read.
    ///   - decide: Called at most once, with the records after `position`.
    func append(after position: Int, _ decide: ([String]) throws -> LogAppend) async throws
}

/// What one operation of a ``LogStorage`` appends to its ``OperationLog``: the records, and the
/// trials and studies they changed, as they are after the change (for backends that keep tables
/// users can query with SQL; a backend may ignore them).
public struct LogAppend: Sendable {
    /// The records to append, in order (journal lines without their newline).
    public var records: [String]
    /// The trials the records create or change, as they are after them.
    public var trials: [TrialID: TrialRecord]
    /// The studies the records create or change, as they are after them; `nil` for a deleted
    /// study.
    public var studies: [StudyID: StudyInfo?]

    /// Records with the trials and studies they change.
    public init(records: [String], trials: [TrialID: TrialRecord] = [:], studies: [StudyID: StudyInfo?] = [:]) {
        self.records = records
        self.trials = trials
        self.studies = studies
    }
}

/// Thrown by an ``OperationLog`` whose append did not happen for a reason a new attempt may not
/// meet (a lost connection, a serialization failure): the ``LogStorage`` rebuilds its state from
/// the log and runs the operation again.
public struct OperationLogInterrupted: Error, Sendable, CustomStringConvertible {
    /// Why the append did not happen.
    public var reason: String

    /// An interruption, with its reason.
    public init(_ reason: String) { self.reason = reason }

    public var description: String { "append interrupted: \(reason)" }
}

/// A ``HyperTuneCore/Storage`` whose studies live in a shared ``OperationLog``: the journal's
/// design, over any backend that keeps a totally ordered log.
///
/// Each process keeps the storage's state in memory and the position up to which it has read
/// the log. An operation that writes holds the log exclusively (``OperationLog/append(after:_:)``),
/// applies the records other processes appended since its last read, checks the operation
/// against the now-current state, and appends its records; an operation that reads first applies
/// the new records. Every process applies the same records in the same order to the same
/// deterministic state machine as ``JournalStorage``, so the semantics are the journal's: dense
/// trial numbers across processes, an enqueued trial started once, claims, late writes refused
/// (``HyperTuneCore/StorageError`` `trialFinished`), heartbeats and ``failStaleTrials(in:gracePeriod:requeue:)``.
///
/// When an append fails after the operation changed the in-memory state, the storage rebuilds
/// its state from the log (O(records), only after a failure); when the log reports the failure
/// as an ``OperationLogInterrupted``, it then runs the operation again.
///
/// - Complexity: every operation first reads the records appended since this process last read
///   the log: O(new records), plus the backend's cost for one read (or one exclusive append).
///   Opening replays the log: O(records).
public final class LogStorage<Log: OperationLog>: Storage {
    /// The log the studies live in.
    public let log: Log

    private let lock = AsyncLock()
    private let state = Locked(LogState())

    private struct LogState {
        var model = StorageModel()
        var position = 0
        var needsReload = false
        var reader = JournalValueReader()
        var writer = JSONWriter()

        mutating func apply(_ records: [String]) throws(StorageError) {
            for line in records {
                position += 1
                var bytes = Array(line.utf8)
                let record: JournalRecord
                do {
                    record = try bytes.withUnsafeMutableBufferPointer { buffer throws(RecordError) in
                        try JournalRecord(line: UnsafeBufferPointer(buffer), reader: &reader)
                    }
                } catch {
                    let kind: StorageError.Kind = if case .unsupportedVersion = error.kind { .unsupportedVersion } else { .corrupt }
                    throw StorageError(kind, "operation log, record \(position): \(error.reason)")
                }
                do {
                    try record.apply(to: &model)
                } catch {
                    throw StorageError(.corrupt, "operation log, record \(position): the record cannot be replayed: \(error.detail)")
                }
                bytes.removeAll()
            }
        }

        mutating func encode(_ records: [JournalRecord]) -> [String] {
            records.map { record in
                writer.reset()
                record.write(to: &writer)
                // The line without its newline.
                return String(decoding: writer.bytes.dropLast(), as: UTF8.self)
            }
        }

        /// The trials and studies `records` changed, as the model holds them now.
        func changes(of records: [JournalRecord]) -> (trials: [TrialID: TrialRecord], studies: [StudyID: StudyInfo?]) {
            var trials: [TrialID: TrialRecord] = [:]
            var studies: [StudyID: StudyInfo?] = [:]
            func note(_ id: TrialID) {
                if let record = try? model.trial(id) { trials[id] = record }
            }
            for record in records {
                switch record {
                case .header, .heartbeat:
                    break
                case .createStudy(let study, _, _), .setStudyAttribute(let study, _, _, _):
                    studies[study] = try? model.studyInfo(study)
                case .deleteStudy(let study):
                    studies[study] = .some(nil)
                case .enqueueTrial(let trial, _, _, _), .startTrial(let trial, _, _), .updateTrial(let trial, _, _),
                    .addTrial(let trial, _):
                    note(trial)
                case .failTrials(let study, let numbers, _, let requeue, _):
                    for number in numbers { note(TrialID(study: study, number: number)) }
                    if requeue, let count = try? model.studyInfo(study).trialCount {
                        // Each failed trial was enqueued again, as the study's last trials.
                        for number in max(0, count - numbers.count)..<count { note(TrialID(study: study, number: number)) }
                    }
                }
            }
            return (trials, studies)
        }
    }

    /// A storage over `log`, with the studies the log already holds.
    ///
    /// - Throws: the log's errors; ``HyperTuneCore/StorageError`` `corrupt` (naming the record)
    ///   when a record cannot be read or replayed.
    public init(log: Log) async throws {
        self.log = log
        try await read { _ in () }
    }

    // MARK: Reading and writing

    /// Runs `body` on the model once every record in the log is applied.
    private func read<R: Sendable>(_ body: @Sendable (StorageModel) throws(StorageError) -> R) async throws -> R {
        try await lock.withLock {
            try await reloadIfNeeded()
            let position = state.withLock { $0.position }
            let records = try await log.records(after: position)
            return try state.withLock { state throws(StorageError) in
                // Another task of this process may not run between the read and here (the lock).
                try state.apply(records)
                return try body(state.model)
            }
        }
    }

    private func reloadIfNeeded() async throws {
        guard state.withLock({ $0.needsReload }) else { return }
        let records = try await log.records(after: 0)
        try state.withLock { state throws(StorageError) in
            state.model = StorageModel()
            state.reader = JournalValueReader()
            state.position = 0
            state.needsReload = false
            try state.apply(records)
        }
    }

    /// Runs `operation` with the log held: on the model with every record applied, appending the
    /// records it returns.
    private func write<R: Sendable>(_ operation: JournalOperation<R>) async throws -> R {
        try await lock.withLock {
            while true {
                try await reloadIfNeeded()
                let position = state.withLock { $0.position }
                var result: R?
                var appended = 0
                do {
                    try await log.append(after: position) { newRecords throws -> LogAppend in
                        try state.withLock { state throws(StorageError) in
                            try state.apply(newRecords)
                            let (value, records) = try operation.body(&state.model, operation.date ?? Date())
                            result = value
                            appended = records.count
                            guard !records.isEmpty else { return LogAppend(records: []) }
                            let (trials, studies) = state.changes(of: records)
                            return LogAppend(records: state.encode(records), trials: trials, studies: studies)
                        }
                    }
                } catch is OperationLogInterrupted {
                    // Nothing was appended: start again from the log (from its start when the
                    // model holds changes the log does not).
                    if appended > 0 { state.withLock { $0.needsReload = true } }
                    continue
                } catch {
                    // The model may hold changes the log does not: rebuild it next time.
                    if appended > 0 { state.withLock { $0.needsReload = true } }
                    throw error
                }
                state.withLock { $0.position += appended }
                guard let result else {
                    throw StorageError(.io, "operation log: the append returned without calling its decision")
                }
                return result
            }
        }
    }

    // MARK: Studies

    /// Creates a study; `StorageError` `studyExists` when the name is taken.
    public func createStudy(name: String, directions: [StudyDirection]) async throws -> StudyID {
        try await write(JournalOperations.createStudy(name: name, directions: directions))
    }

    /// The study named `name`, or `nil`.
    public func studyID(named name: String) async throws -> StudyID? {
        try await read { $0.studyID(named: name) }
    }

    /// A study's name, directions, attributes and trial count.
    public func studyInfo(_ study: StudyID) async throws -> StudyInfo {
        try await read { model throws(StorageError) in try model.studyInfo(study) }
    }

    /// Every study, by identifier.
    public func allStudies() async throws -> [StudyInfo] {
        try await read { $0.allStudies() }
    }

    /// Deletes a study and its trials.
    public func deleteStudy(_ study: StudyID) async throws {
        try await write(JournalOperations.deleteStudy(study))
    }

    /// Sets a user (or, with `system`, a system) attribute of a study.
    public func setStudyAttribute(_ study: StudyID, key: String, value: AttributeValue, system: Bool) async throws {
        try await write(JournalOperations.setStudyAttribute(study, key: key, value: value, system: system))
    }

    // MARK: Trials

    /// Adds a waiting trial whose parameters `params` are fixed in advance.
    public func enqueueTrial(
        in study: StudyID, params: [String: ParameterValue], userAttributes: [String: AttributeValue],
        systemAttributes: [String: AttributeValue]
    ) async throws -> TrialRecord {
        try await write(
            JournalOperations.enqueueTrial(
                in: study, params: params, userAttributes: userAttributes, systemAttributes: systemAttributes))
    }

    /// Starts the oldest waiting trial, or a new one made from `fresh` (`nil` when neither is
    /// possible or the claim is held).
    public func startTrial(in study: StudyID, fresh: NewTrial?) async throws -> TrialRecord? {
        try await write(JournalOperations.startTrial(in: study, fresh: fresh))
    }

    /// Applies `update` to a running trial; `StorageError` `trialFinished` for a finished one.
    public func updateTrial(_ trial: TrialID, _ update: TrialUpdate) async throws -> TrialRecord {
        try await write(JournalOperations.updateTrial(trial, update))
    }

    /// One trial.
    public func trial(_ trial: TrialID) async throws -> TrialRecord {
        try await read { model throws(StorageError) in try model.trial(trial) }
    }

    /// A point-in-time view of a study.
    public func snapshot(of study: StudyID) async throws -> StudySnapshot {
        try await read { model throws(StorageError) in try model.snapshot(of: study) }
    }

    /// Inserts trials as they are (numbers, states, dates), after the study's existing trials;
    /// for copying studies.
    public func addTrials(_ records: [TrialRecord], to study: StudyID) async throws {
        if let failure = try await write(JournalOperations.addTrials(records, to: study)) { throw failure }
    }

    // MARK: Liveness

    /// Records that the worker running `trial` is alive.
    public func recordHeartbeat(_ trial: TrialID) async throws {
        try await write(JournalOperations.recordHeartbeat(trial, date: nil))
    }

    /// Fails running trials whose last heartbeat is older than `gracePeriod`, re-enqueueing them
    /// when `requeue` is true.
    public func failStaleTrials(in study: StudyID, gracePeriod: Duration, requeue: Bool) async throws -> [TrialRecord] {
        try await write(JournalOperations.failStaleTrials(in: study, gracePeriod: gracePeriod, requeue: requeue, date: nil))
    }
}
