public import HyperTuneCore

extension Study {
    // MARK: Studies in a storage

    /// Every study in `storage`: identifier, name, directions, attributes and trial count.
    ///
    /// ```swift
    /// for info in try await Study.allStudies(in: journal) { print(info.name, info.trialCount) }
    /// ```
    ///
    /// - Throws: the storage's errors.
    /// - Complexity: O(studies log studies).
    public static func allStudies(in storage: any Storage) async throws -> [StudyInfo] {
        try await storage.allStudies()
    }

    /// Copies the study named `name` from `source` into `destination`, as `newName` (the same name
    /// by default): its directions and attributes, and every trial with its number, state, values,
    /// parameters, intermediate values, attributes, fixed parameters and dates.
    ///
    /// Waiting trials stay enqueued and running trials stay running in the copy (a running trial
    /// whose worker is gone can be failed there with ``failStaleTrials(gracePeriod:requeue:)`` only
    /// after a heartbeat, so fail such trials in the source first if needed). The copy's finished
    /// history is in trial-number order. Grid claims are not copied: `GridSampler` recovers the
    /// points already visited from the trials' `grid_id` attributes.
    ///
    /// ```swift
    /// try await Study.copy(name: "search", from: InMemoryStorage(), to: JournalStorage(path: "search.journal"))
    /// ```
    ///
    /// The copy is not atomic: when it fails part-way the destination holds a partial study; delete
    /// it (``delete(name:storage:)``) and copy again.
    ///
    /// - Returns: the copy's description in `destination`.
    /// - Throws: ``StudyError`` `studyNotFound` (no such study in `source`), `studyExists` (the
    ///   name is taken in `destination`); the storages' errors.
    /// - Complexity: O(n) trials, plus the destination's cost of adding them.
    @discardableResult
    public static func copy(
        name: String, from source: any Storage, to destination: any Storage, as newName: String? = nil
    ) async throws -> StudyInfo {
        guard let sourceID = try await source.studyID(named: name) else {
            throw StudyError(.studyNotFound, "no study named \"\(name)\" in the source storage")
        }
        let info = try await source.studyInfo(sourceID)
        let trials = try await source.snapshot(of: sourceID).trials()
        let targetName = newName ?? name
        if try await destination.studyID(named: targetName) != nil {
            throw StudyError(.studyExists, "a study named \"\(targetName)\" already exists in the destination storage")
        }
        let id = try await destination.createStudy(name: targetName, directions: info.directions)
        for key in info.userAttributes.keys.sorted() {
            try await destination.setStudyAttribute(id, key: key, value: info.userAttributes[key]!, system: false)
        }
        for key in info.systemAttributes.keys.sorted() {
            try await destination.setStudyAttribute(id, key: key, value: info.systemAttributes[key]!, system: true)
        }
        let batch = 10_000
        for start in stride(from: 0, to: trials.count, by: batch) {
            try await destination.addTrials(Array(trials[start..<min(start + batch, trials.count)]), to: id)
        }
        return try await destination.studyInfo(id)
    }

    // MARK: Liveness

    /// Fails the running trials of this study whose worker stopped sending heartbeats more than
    /// `gracePeriod` ago (their `fail_reason` says so) and, when `requeue` is true, enqueues a new
    /// trial with the same parameters and user attributes for each (system attribute
    /// `retried_from`: the failed trial's number), which the next worker to ask starts.
    ///
    /// Only trials that beat are judged: trials that sent at least one heartbeat, and trials that
    /// `optimize(..., heartbeatInterval:)` started (system attribute `heartbeat_interval`), which
    /// are stale once `gracePeriod` has passed since their start without a beat (their worker
    /// died before the first). Run workers with `optimize(..., heartbeatInterval:)` (or call
    /// ``Trial/recordHeartbeat()`` from an ask/tell loop), and choose a grace period several
    /// intervals long. A worker whose trial was failed this way while it was alive gets
    /// ``StudyError`` `trialFinished` when it tells the result, and the result is kept in the
    /// study's system attribute `late_result:<number>` (`{"state": ..., "values": [...]}`).
    ///
    /// ```swift
    /// try await study.failStaleTrials(gracePeriod: .seconds(120), requeue: true)
    /// try await study.optimize(nTrials: 100, heartbeatInterval: .seconds(30)) { trial in ... }
    /// ```
    ///
    /// - Returns: the failed trials, by number.
    /// - Throws: ``StudyError`` `invalidArgument` for a negative grace period; the storage's errors.
    /// - Complexity: O(r log r) in the running trials, plus the storage's writes.
    @discardableResult
    public func failStaleTrials(gracePeriod: Duration, requeue: Bool = false) async throws -> [TrialRecord] {
        guard gracePeriod >= .zero else {
            throw StudyError(.invalidArgument, "gracePeriod must be >= 0, got \(gracePeriod)")
        }
        let failed = try await storage.failStaleTrials(in: id, gracePeriod: gracePeriod, requeue: requeue)
        for trial in failed {
            log(.warning, trial: trial.number, "failed: no heartbeat for more than \(gracePeriod)" + (requeue ? "; enqueued again" : ""))
        }
        return failed
    }
}
