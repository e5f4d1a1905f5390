import Foundation
import HyperTuneCore
import HyperTuneSearchSpace

/// One writing operation of a storage that keeps an operation log (``JournalStorage`` and
/// ``LogStorage``): the change it makes to the model, and the records that describe that change.
///
/// Both storages run an operation the same way: with the log locked, they apply what others
/// appended, run ``body`` on the up-to-date model, and append the records it returns. `body`
/// throws only before it changes the model, so the records it returns describe exactly the
/// changes it made.
struct JournalOperation<Result> {
    /// The operation's date, when the caller fixes it (tests); otherwise the time it runs.
    var date: Date?
    /// Checks the operation against the model, changes the model, and returns the result and the
    /// records to append (none when nothing changed).
    var body: (inout StorageModel, Date) throws(StorageError) -> (Result, [JournalRecord])
}

/// The writing operations of the ``Storage`` protocol, as journal records. The checks a record
/// format imposes (attribute depth) happen when an operation is made, before anything is locked.
enum JournalOperations {
    /// How deep attribute values may nest in a record: the reader's limit, less the levels a
    /// record itself uses around an attribute.
    static let maximumAttributeDepth = JSONParser.maximumDepth - 6

    /// Refuses an attribute nested deeper than a record can hold (the reader would refuse it).
    static func checkDepth(_ attributes: [String: AttributeValue], _ what: String) throws(StorageError) {
        func exceeds(_ value: AttributeValue, _ remaining: Int) -> Bool {
            switch value {
            case .array(let elements): remaining == 0 || elements.contains { exceeds($0, remaining - 1) }
            case .object(let members): remaining == 0 || members.values.contains { exceeds($0, remaining - 1) }
            default: false
            }
        }
        for (key, value) in attributes where exceeds(value, maximumAttributeDepth) {
            throw StorageError(
                .invalidUpdate,
                "\(what) \"\(key)\" nests arrays and objects more than \(maximumAttributeDepth) levels deep, more than a journal stores"
            )
        }
    }

    static func createStudy(name: String, directions: [StudyDirection]) -> JournalOperation<StudyID> {
        JournalOperation { model, _ throws(StorageError) in
            let id = try model.createStudy(name: name, directions: directions)
            return (id, [.createStudy(study: id, name: name, directions: directions)])
        }
    }

    static func deleteStudy(_ study: StudyID) -> JournalOperation<Void> {
        JournalOperation { model, _ throws(StorageError) in
            try model.deleteStudy(study)
            return ((), [.deleteStudy(study: study)])
        }
    }

    static func setStudyAttribute(
        _ study: StudyID, key: String, value: AttributeValue, system: Bool
    ) throws(StorageError) -> JournalOperation<Void> {
        try checkDepth([key: value], system ? "system attribute" : "user attribute")
        return JournalOperation { model, _ throws(StorageError) in
            try model.setStudyAttribute(study, key: key, value: value, system: system)
            return ((), [.setStudyAttribute(study: study, key: key, value: value, system: system)])
        }
    }

    static func enqueueTrial(
        in study: StudyID, params: [String: ParameterValue], userAttributes: [String: AttributeValue],
        systemAttributes: [String: AttributeValue]
    ) throws(StorageError) -> JournalOperation<TrialRecord> {
        try checkDepth(userAttributes, "user attribute")
        try checkDepth(systemAttributes, "system attribute")
        return JournalOperation { model, _ throws(StorageError) in
            let record = try model.enqueueTrial(
                in: study, params: params, userAttributes: userAttributes, systemAttributes: systemAttributes)
            let trial = TrialID(study: study, number: record.number)
            return (
                record,
                [.enqueueTrial(trial: trial, params: params, userAttributes: userAttributes, systemAttributes: systemAttributes)]
            )
        }
    }

    static func startTrial(in study: StudyID, fresh: NewTrial?) throws(StorageError) -> JournalOperation<TrialRecord?> {
        try checkDepth(fresh?.systemAttributes ?? [:], "system attribute")
        return JournalOperation { model, now throws(StorageError) in
            let pops = try model.waitingCount(in: study) > 0
            guard let record = try model.startTrial(in: study, fresh: fresh, date: now) else { return (nil, []) }
            // A popped trial takes only the heartbeat mark of `fresh`: record that much of it.
            var recorded = fresh
            if pops {
                let mark = fresh?.systemAttributes[StorageModel.heartbeatIntervalKey]
                recorded = mark.map { NewTrial(systemAttributes: [StorageModel.heartbeatIntervalKey: $0]) }
            }
            return (record, [.startTrial(trial: TrialID(study: study, number: record.number), date: now, fresh: recorded)])
        }
    }

    static func updateTrial(_ trial: TrialID, _ update: TrialUpdate) throws(StorageError) -> JournalOperation<TrialRecord> {
        try checkDepth(update.userAttributes, "user attribute")
        try checkDepth(update.systemAttributes, "system attribute")
        return JournalOperation { model, now throws(StorageError) in
            let record = try model.updateTrial(trial, update, date: now)
            return (record, update.isEmpty ? [] : [.updateTrial(trial: trial, date: now, update: update)])
        }
    }

    /// Adds `records` in order; the first that cannot be added is the result (the ones before it
    /// stay added and recorded).
    static func addTrials(_ records: [TrialRecord], to study: StudyID) throws(StorageError) -> JournalOperation<StorageError?> {
        for record in records {
            try checkDepth(record.userAttributes, "user attribute")
            try checkDepth(record.systemAttributes, "system attribute")
        }
        return JournalOperation { model, _ throws(StorageError) in
            var written: [JournalRecord] = []
            written.reserveCapacity(records.count)
            for record in records {
                do throws(StorageError) {
                    let stored = try model.addTrial(record, to: study)
                    written.append(.addTrial(trial: TrialID(study: study, number: stored.number), record: stored))
                } catch {
                    // Keep the records added so far: the model already holds them.
                    return (error, written)
                }
            }
            return (nil, written)
        }
    }

    static func recordHeartbeat(_ trial: TrialID, date: Date?) -> JournalOperation<Void> {
        JournalOperation(date: date) { model, now throws(StorageError) in
            guard (try? model.trial(trial))?.state == .running else {
                // Nothing to record (an unknown study still throws).
                try model.recordHeartbeat(trial, date: now)
                return ((), [])
            }
            try model.recordHeartbeat(trial, date: now)
            return ((), [.heartbeat(trial: trial, date: now)])
        }
    }

    static func failStaleTrials(
        in study: StudyID, gracePeriod: Duration, requeue: Bool, date: Date?
    ) -> JournalOperation<[TrialRecord]> {
        JournalOperation(date: date) { model, now throws(StorageError) in
            let stale = try model.staleTrials(in: study, gracePeriod: gracePeriod, now: now)
            guard !stale.isEmpty else { return ([], []) }
            let reason = StorageModel.staleReason(gracePeriod)
            let failed = try model.failTrials(in: study, numbers: stale, reason: reason, requeue: requeue, date: now)
            return (failed, [.failTrials(study: study, trials: stale, reason: reason, requeue: requeue, date: now)])
        }
    }
}
