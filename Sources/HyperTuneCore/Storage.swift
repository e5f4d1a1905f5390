public import HyperTuneSearchSpace

/// Where studies and their trials live.
///
/// Implementations must be safe to call from many tasks at once, and (for shared storages such as
/// `JournalStorage`) from several processes: trial numbers dense and unique, each enqueued trial
/// started once, claims (see ``NewTrial/claim``) held by one trial, and writes to finished
/// trials rejected with ``StorageError``.
///
/// Every method is `async`: a storage may be a file or a server.
public protocol Storage: Sendable {
    // MARK: Studies

    /// Creates a study.
    /// - Throws: ``StorageError`` (`studyExists`) when the name is taken.
    func createStudy(name: String, directions: [StudyDirection]) async throws -> StudyID

    /// The study named `name`, or `nil`.
    func studyID(named name: String) async throws -> StudyID?

    /// A study's name, directions, attributes and trial count.
    func studyInfo(_ study: StudyID) async throws -> StudyInfo

    /// Every study, by identifier.
    func allStudies() async throws -> [StudyInfo]

    /// Deletes a study and its trials.
    func deleteStudy(_ study: StudyID) async throws

    /// Sets a user attribute of a study (a system attribute when `system` is true).
    func setStudyAttribute(_ study: StudyID, key: String, value: AttributeValue, system: Bool) async throws

    // MARK: Trials

    /// Adds a waiting trial whose parameters `params` are fixed in advance (the rest is sampled).
    func enqueueTrial(
        in study: StudyID, params: [String: ParameterValue], userAttributes: [String: AttributeValue],
        systemAttributes: [String: AttributeValue]
    ) async throws -> TrialRecord

    /// Starts the next trial: the oldest waiting trial if there is one; otherwise a new trial made
    /// from `fresh`.
    ///
    /// - Returns: the running trial, or `nil` when there is no waiting trial and `fresh` is `nil`,
    ///   or when `fresh.claim` is already held by another trial of the study.
    func startTrial(in study: StudyID, fresh: NewTrial?) async throws -> TrialRecord?

    /// Applies `update` to a running trial and returns the trial as it now is.
    ///
    /// - Throws: ``StorageError``: `trialFinished` when the trial is already finished (by this or
    ///   another worker), `invalidUpdate` for an update that breaks a rule (see ``TrialUpdate``).
    func updateTrial(_ trial: TrialID, _ update: TrialUpdate) async throws -> TrialRecord

    /// One trial.
    func trial(_ trial: TrialID) async throws -> TrialRecord

    /// A point-in-time view of a study. Must be cheap: see ``TrialHistory``.
    func snapshot(of study: StudyID) async throws -> StudySnapshot

    /// Adds trials exactly as `records` describe them (state, values, parameters, intermediate
    /// values, attributes, fixed parameters, start and end dates), in order, each with the study's
    /// next number: the operation behind copying a study from one storage to another, so a copy
    /// into a new study keeps the source's numbers. Waiting trials join the queue, running ones
    /// stay running (with no heartbeat), finished ones join the finished history in the order given.
    ///
    /// - Throws: ``StorageError``: `invalidUpdate` when a record breaks a rule of its state (a
    ///   complete trial without one finite value per objective, a failed trial with values, a
    ///   negative step); records before it are added.
    func addTrials(_ records: [TrialRecord], to study: StudyID) async throws

    // MARK: Liveness

    /// Records that the worker running `trial` is alive.
    func recordHeartbeat(_ trial: TrialID) async throws

    /// Fails the running trials of `study` whose last heartbeat is older than `gracePeriod`
    /// (trials that never sent one are left alone) and, when `requeue` is true, enqueues a new
    /// trial with the same parameters for each. Returns the failed trials.
    func failStaleTrials(in study: StudyID, gracePeriod: Duration, requeue: Bool) async throws -> [TrialRecord]
}
