/// An immutable, point-in-time view of one study: what samplers and pruners see.
///
/// Samplers and pruners never touch storage or the study driver: they are pure functions of a
/// snapshot (and, for a sampler, a seeded generator). A snapshot is cheap to take (see
/// ``TrialHistory``), so the driver takes one when a trial starts and whenever a pruner judges it.
public struct StudySnapshot: Sendable {
    /// The study's identifier in its storage.
    public var studyID: StudyID
    /// The study's name.
    public var studyName: String
    /// One direction per objective.
    public var directions: [StudyDirection]
    /// Finished trials (complete, pruned, fail) in the order they finished.
    public var finished: TrialHistory
    /// Running and waiting trials, by number.
    public var unfinished: [TrialRecord]

    /// Creates a snapshot.
    ///
    /// - Parameters:
    ///   - studyID: The study's identifier in its storage.
    ///   - studyName: The study's real name: pruners may depend on it (``HyperTunePruners/HyperbandPruner``
    ///     assigns brackets by a hash of the name and the trial number).
    ///   - directions: One direction per objective.
    ///   - finished: The finished trials, in the order they finished.
    ///   - unfinished: The running and waiting trials, by number.
    public init(
        studyID: StudyID = StudyID(rawValue: 0),
        studyName: String,
        directions: [StudyDirection],
        finished: TrialHistory,
        unfinished: [TrialRecord] = []
    ) {
        self.studyID = studyID
        self.studyName = studyName
        self.directions = directions
        self.finished = finished
        self.unfinished = unfinished
    }

    /// A snapshot of hand-made trials, in any states (tests, ask/tell tools): finished ones go to
    /// ``finished`` in the given order, the others to ``unfinished``.
    ///
    /// - Parameters:
    ///   - studyName: The study's name (see ``init(studyID:studyName:directions:finished:unfinished:)``).
    ///   - directions: One direction per objective.
    ///   - trials: The trials.
    /// - Complexity: O(n log n).
    public init(studyName: String, directions: [StudyDirection], trials: [TrialRecord]) {
        self.init(
            studyName: studyName,
            directions: directions,
            finished: TrialHistory(trials.filter { $0.state.isFinished }),
            unfinished: trials.filter { !$0.state.isFinished }.sorted { $0.number < $1.number })
    }

    /// Creates a snapshot of a study named `"study"`.
    @available(
        *, deprecated,
        message: "name the study (Hyperband's brackets depend on it): init(studyID:studyName:directions:finished:unfinished:)"
    )
    public init(
        studyID: StudyID = StudyID(rawValue: 0), directions: [StudyDirection], finished: TrialHistory, unfinished: [TrialRecord] = []
    ) {
        self.init(studyID: studyID, studyName: "study", directions: directions, finished: finished, unfinished: unfinished)
    }

    /// A snapshot of hand-made trials of a study named `"study"`.
    @available(*, deprecated, message: "name the study (Hyperband's brackets depend on it): init(studyName:directions:trials:)")
    public init(directions: [StudyDirection], trials: [TrialRecord]) {
        self.init(studyName: "study", directions: directions, trials: trials)
    }

    /// The direction of a single-objective study (the first direction otherwise).
    public var direction: StudyDirection { directions[0] }

    /// Whether the study has more than one objective.
    public var isMultiObjective: Bool { directions.count > 1 }

    /// The number of trials in the snapshot (finished and not).
    public var trialCount: Int { finished.count + unfinished.count }

    /// The running trials, by number.
    public var running: [TrialRecord] { unfinished.filter { $0.state == .running } }

    /// Every trial whose state is in `states` (all trials when `nil`), ordered by number.
    ///
    /// - Complexity: O(n log n).
    public func trials(_ states: Set<TrialState>? = nil) -> [TrialRecord] {
        var result: [TrialRecord] = []
        for trial in finished where states?.contains(trial.state) ?? true { result.append(trial) }
        for trial in unfinished where states?.contains(trial.state) ?? true { result.append(trial) }
        result.sort { $0.number < $1.number }
        return result
    }

    /// The same snapshot keeping only the trials `isIncluded` accepts (the order is kept; the
    /// finished history gets a new lineage).
    ///
    /// - Complexity: O(n).
    public func filter(_ isIncluded: (TrialRecord) -> Bool) -> StudySnapshot {
        var copy = self
        copy.finished = TrialHistory(finished.filter(isIncluded))
        copy.unfinished = unfinished.filter(isIncluded)
        return copy
    }
}
