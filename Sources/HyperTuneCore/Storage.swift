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

/// A study's description in storage.
public struct StudyInfo: Sendable, Hashable, Codable {
    /// The study's identifier.
    public var id: StudyID
    /// The study's name, unique within the storage.
    public var name: String
    /// One direction per objective.
    public var directions: [StudyDirection]
    /// Attributes set by the user.
    public var userAttributes: [String: AttributeValue]
    /// Attributes set by the library.
    public var systemAttributes: [String: AttributeValue]
    /// The number of trials (every state).
    public var trialCount: Int

    /// Creates a description.
    public init(
        id: StudyID, name: String, directions: [StudyDirection], userAttributes: [String: AttributeValue] = [:],
        systemAttributes: [String: AttributeValue] = [:], trialCount: Int = 0
    ) {
        self.id = id
        self.name = name
        self.directions = directions
        self.userAttributes = userAttributes
        self.systemAttributes = systemAttributes
        self.trialCount = trialCount
    }
}

/// Changes to a running trial, applied atomically by ``Storage/updateTrial(_:_:)``.
///
/// Rules (a broken one is ``StorageError`` `invalidUpdate`, and nothing is applied):
/// - a parameter already set keeps its value: setting it again with the same distribution and
///   value does nothing, with anything else is an error;
/// - steps are non-negative; a step already reported keeps its first value;
/// - `finish.state` is a finished state; `complete` needs one finite value per objective; `fail`
///   takes no values.
public struct TrialUpdate: Sendable, Hashable, Codable {
    /// Parameters to set.
    public var parameters: [String: Parameter]
    /// Intermediate values to add, by step.
    public var intermediateValues: [Int: Double]
    /// User attributes to set.
    public var userAttributes: [String: AttributeValue]
    /// System attributes to set.
    public var systemAttributes: [String: AttributeValue]
    /// How the trial finishes, if it does with this update.
    public var finish: TrialFinish?

    /// Creates an update.
    public init(
        parameters: [String: Parameter] = [:], intermediateValues: [Int: Double] = [:],
        userAttributes: [String: AttributeValue] = [:], systemAttributes: [String: AttributeValue] = [:],
        finish: TrialFinish? = nil
    ) {
        self.parameters = parameters
        self.intermediateValues = intermediateValues
        self.userAttributes = userAttributes
        self.systemAttributes = systemAttributes
        self.finish = finish
    }

    /// Whether the update changes nothing.
    public var isEmpty: Bool {
        parameters.isEmpty && intermediateValues.isEmpty && userAttributes.isEmpty && systemAttributes.isEmpty
            && finish == nil
    }

    /// Adds `other`'s changes; on a conflict `other` wins, except for steps, where the first value
    /// is kept.
    public mutating func merge(_ other: TrialUpdate) {
        parameters.merge(other.parameters) { _, new in new }
        intermediateValues.merge(other.intermediateValues) { old, _ in old }
        userAttributes.merge(other.userAttributes) { _, new in new }
        systemAttributes.merge(other.systemAttributes) { _, new in new }
        if let finish = other.finish { self.finish = finish }
    }
}

/// How a trial ends.
public struct TrialFinish: Sendable, Hashable, Codable {
    /// The final state: `complete`, `pruned` or `fail`.
    public var state: TrialState
    /// The objective values (`complete`: one per objective; `pruned`: optional; `fail`: none).
    public var values: [Double]?

    /// Creates a finish.
    public init(state: TrialState, values: [Double]? = nil) {
        self.state = state
        self.values = values
    }
}

/// A storage operation failed.
public struct StorageError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure.
    public enum Kind: Sendable, Hashable {
        /// No study with that name or identifier.
        case studyNotFound
        /// A study with that name already exists.
        case studyExists
        /// No trial with that identifier.
        case trialNotFound
        /// The trial is already finished; finished trials are never written again.
        case trialFinished
        /// The update breaks a rule of ``TrialUpdate``.
        case invalidUpdate
        /// The storage's file is damaged (the detail names the file and line).
        case corrupt
        /// The storage was written by a newer, incompatible version of HyperTune.
        case unsupportedVersion
        /// Reading or writing the storage failed.
        case io
    }

    /// What kind of failure.
    public var kind: Kind
    /// What happened, naming the study, trial, file or line concerned.
    public var detail: String

    /// Creates an error.
    public init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    /// The detail.
    public var description: String { detail }
}
