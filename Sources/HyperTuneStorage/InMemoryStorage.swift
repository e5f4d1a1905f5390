import Foundation
public import HyperTuneCore
public import HyperTuneSearchSpace

/// Keeps studies in memory: the default storage. Fast and safe to share between tasks; gone when
/// the process ends (use `JournalStorage` to keep a study).
///
/// - Complexity: O(1) per operation except ``snapshot(of:)``, O(r log r) in the running trials,
///   and the study listings.
public final class InMemoryStorage: Storage {
    private let model = Locked(StorageModel())

    /// Creates an empty storage.
    public init() {}

    /// Creates a study; `StorageError` `studyExists` when the name is taken.
    public func createStudy(name: String, directions: [StudyDirection]) async throws -> StudyID {
        try model.withLock { model throws(StorageError) in try model.createStudy(name: name, directions: directions) }
    }

    /// The study named `name`, or `nil`.
    public func studyID(named name: String) async throws -> StudyID? {
        model.withLock { $0.studyID(named: name) }
    }

    /// A study's name, directions, attributes and trial count.
    public func studyInfo(_ study: StudyID) async throws -> StudyInfo {
        try model.withLock { model throws(StorageError) in try model.studyInfo(study) }
    }

    /// Every study, by identifier.
    public func allStudies() async throws -> [StudyInfo] {
        model.withLock { $0.allStudies() }
    }

    /// Deletes a study and its trials.
    public func deleteStudy(_ study: StudyID) async throws {
        try model.withLock { model throws(StorageError) in try model.deleteStudy(study) }
    }

    /// Sets a user (or, with `system`, a system) attribute of a study.
    public func setStudyAttribute(_ study: StudyID, key: String, value: AttributeValue, system: Bool) async throws {
        try model.withLock { model throws(StorageError) in
            try model.setStudyAttribute(study, key: key, value: value, system: system)
        }
    }

    /// Adds a waiting trial whose parameters `params` are fixed in advance.
    public func enqueueTrial(
        in study: StudyID, params: [String: ParameterValue], userAttributes: [String: AttributeValue],
        systemAttributes: [String: AttributeValue]
    ) async throws -> TrialRecord {
        try model.withLock { model throws(StorageError) in
            try model.enqueueTrial(in: study, params: params, userAttributes: userAttributes, systemAttributes: systemAttributes)
        }
    }

    /// Starts the oldest waiting trial, or a new one made from `fresh` (`nil` when neither is possible or the claim is held).
    public func startTrial(in study: StudyID, fresh: NewTrial?) async throws -> TrialRecord? {
        let now = Date()
        return try model.withLock { model throws(StorageError) in try model.startTrial(in: study, fresh: fresh, date: now) }
    }

    /// Applies `update` to a running trial; `StorageError` `trialFinished` for a finished one.
    public func updateTrial(_ trial: TrialID, _ update: TrialUpdate) async throws -> TrialRecord {
        let now = Date()
        return try model.withLock { model throws(StorageError) in try model.updateTrial(trial, update, date: now) }
    }

    /// One trial.
    public func trial(_ trial: TrialID) async throws -> TrialRecord {
        try model.withLock { model throws(StorageError) in try model.trial(trial) }
    }

    /// A point-in-time view of a study.
    public func snapshot(of study: StudyID) async throws -> StudySnapshot {
        try model.withLock { model throws(StorageError) in try model.snapshot(of: study) }
    }

    /// Inserts trials as they are (numbers, states, dates), after the study's existing trials; for copying studies.
    public func addTrials(_ records: [TrialRecord], to study: StudyID) async throws {
        try model.withLock { model throws(StorageError) in
            for record in records { _ = try model.addTrial(record, to: study) }
        }
    }

    /// Records that the worker running `trial` is alive.
    public func recordHeartbeat(_ trial: TrialID) async throws {
        let now = Date()
        try model.withLock { model throws(StorageError) in try model.recordHeartbeat(trial, date: now) }
    }

    /// Fails running trials whose last heartbeat is older than `gracePeriod`, re-enqueueing them when `requeue` is true.
    public func failStaleTrials(in study: StudyID, gracePeriod: Duration, requeue: Bool) async throws -> [TrialRecord] {
        let now = Date()
        return try model.withLock { model throws(StorageError) in
            try model.failStaleTrials(in: study, gracePeriod: gracePeriod, requeue: requeue, now: now)
        }
    }
}

extension InMemoryStorage: SynchronousHeartbeats {
    /// Records a heartbeat now, from any thread.
    package func recordHeartbeatNow(_ trial: TrialID) throws {
        let now = Date()
        try model.withLock { model throws(StorageError) in try model.recordHeartbeat(trial, date: now) }
    }
}
