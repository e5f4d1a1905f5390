public import HyperTuneCore
public import HyperTuneSearchSpace

/// A running trial: the handle an objective receives to ask for parameters and report progress.
///
/// `suggest*` is synchronous: it returns the enqueued value, the value the sampler chose jointly
/// when the trial started, or asks the sampler for one now. Suggesting a name again with the same
/// distribution returns the same value; with a different distribution it is a ``HyperTuneSearchSpace/SearchSpaceError``.
/// Parameters are written to storage at the next `report`, `shouldPrune`, `flush` or when the
/// trial finishes.
///
/// `report`, `shouldPrune` and attribute writes are `async`: they talk to storage. Once the trial
/// is finished, every write is a ``StudyError`` (`trialFinished`).
public final class Trial: Sendable {
    /// The trial's number: 0-based and dense within the study.
    public let number: Int
    /// The trial's identifier in storage.
    public let id: TrialID
    /// The study the trial belongs to.
    public let study: Study

    private let state: Locked<State>

    private struct State: Sendable {
        var record: TrialRecord
        var pending = TrialUpdate()
        /// The sampling steps, begun when the trial started (see ``HyperTuneCore/TrialSampling``).
        var sampling: TrialSampling
        var isFinished = false
    }

    init(study: Study, record: TrialRecord, sampling: TrialSampling) {
        self.study = study
        self.number = record.number
        self.id = TrialID(study: study.id, number: record.number)
        self.state = Locked(State(record: record, sampling: sampling))
    }

    // MARK: Reading

    /// The trial as this handle knows it: parameters suggested so far, values reported so far.
    public var record: TrialRecord { state.withLock { $0.record } }

    /// The parameters suggested so far, by name.
    public var params: [String: ParameterValue] { record.params }

    /// The parameters fixed in advance (enqueued), by name.
    public var fixedParams: [String: ParameterValue] { record.fixedParams }

    /// The user attributes set so far.
    public var userAttributes: [String: AttributeValue] { record.userAttributes }

    /// Whether the trial has finished (told, or its objective returned or threw).
    public var isFinished: Bool { state.withLock { $0.isFinished } }

    // MARK: Suggesting

    /// A float in `range`, optionally on a grid of `step` or log-scaled.
    ///
    /// - Throws: ``HyperTuneSearchSpace/SearchSpaceError`` for an invalid range (see ``HyperTuneSearchSpace/FloatDistribution``) or a name
    ///   suggested before with a different distribution; ``StudyError`` once the trial is finished;
    ///   the sampler's errors.
    public func suggestFloat(_ name: String, in range: ClosedRange<Double>, step: Double? = nil, log: Bool = false) throws -> Double {
        try suggestFloat(name, low: range.lowerBound, high: range.upperBound, step: step, log: log)
    }

    /// A float in `low...high`; unlike the range form, `low > high` is a thrown error, not a trap.
    ///
    /// - Throws: as ``suggestFloat(_:in:step:log:)``.
    public func suggestFloat(_ name: String, low: Double, high: Double, step: Double? = nil, log: Bool = false) throws -> Double {
        let distribution: FloatDistribution
        do {
            distribution = try FloatDistribution(low: low, high: high, step: step, log: log)
        } catch {
            throw error.named(name)
        }
        return try suggestInternal(name, .float(distribution))
    }

    /// An integer in `range`, optionally on a grid of `step` or log-scaled.
    ///
    /// - Throws: ``HyperTuneSearchSpace/SearchSpaceError`` for an invalid range (see ``HyperTuneSearchSpace/IntDistribution``) or a name
    ///   suggested before with a different distribution; ``StudyError`` once the trial is finished;
    ///   the sampler's errors.
    public func suggestInt(_ name: String, in range: ClosedRange<Int>, step: Int = 1, log: Bool = false) throws -> Int {
        try suggestInt(name, low: range.lowerBound, high: range.upperBound, step: step, log: log)
    }

    /// An integer in `low...high`; unlike the range form, `low > high` is a thrown error, not a trap.
    ///
    /// - Throws: as ``suggestInt(_:in:step:log:)``.
    public func suggestInt(_ name: String, low: Int, high: Int, step: Int = 1, log: Bool = false) throws -> Int {
        let distribution: IntDistribution
        do {
            distribution = try IntDistribution(low: low, high: high, step: step, log: log)
        } catch {
            throw error.named(name)
        }
        return Int(try suggestInternal(name, .int(distribution)))
    }

    /// One of `choices`.
    ///
    /// ```swift
    /// let optimizer = try trial.suggestCategorical("optimizer", ["sgd", "adam"])   // a String
    /// ```
    ///
    /// - Throws: ``HyperTuneSearchSpace/SearchSpaceError`` for empty or duplicate choices or a name suggested before with
    ///   other choices; ``StudyError`` once the trial is finished; the sampler's errors.
    public func suggestCategorical<Choice: CategoricalChoice>(_ name: String, _ choices: [Choice]) throws -> Choice {
        let distribution: CategoricalDistribution
        do {
            distribution = try CategoricalDistribution(choices.map(\.parameterValue))
        } catch {
            throw error.named(name)
        }
        let index = Int(try suggestInternal(name, .categorical(distribution)))
        return choices[index]
    }

    /// A value of any distribution, as a ``HyperTuneSearchSpace/ParameterValue``.
    ///
    /// - Throws: as the typed `suggest*` methods.
    public func suggest(_ name: String, _ distribution: Distribution) throws -> ParameterValue {
        distribution.value(forInternal: try suggestInternal(name, distribution))
    }

    /// The internal value of `name`: recorded, fixed, jointly sampled, or sampled now.
    private func suggestInternal(_ name: String, _ distribution: Distribution) throws -> Double {
        guard !name.isEmpty else {
            throw SearchSpaceError(.emptyName, detail: "a parameter name cannot be empty")
        }
        return try state.withLock { state in
            guard !state.isFinished else { throw self.finishedError(state.record) }
            if let existing = state.record.parameters[name] {
                guard existing.distribution == distribution else {
                    throw SearchSpaceError(
                        .distributionChanged, parameter: name,
                        detail: "suggested again with \(distribution), but this trial already has it from \(existing.distribution)")
                }
                return existing.internalValue
            }
            let internalValue = try state.sampling.value(of: name, distribution, for: state.record)
            let parameter = Parameter(distribution: distribution, internalValue: internalValue)
            state.record.parameters[name] = parameter
            state.pending.parameters[name] = parameter
            return internalValue
        }
    }

    // MARK: Reporting

    /// Records an intermediate value of the objective (a validation score after an epoch, say).
    ///
    /// Steps are non-negative integers. A second report at a step already reported keeps the first
    /// value and logs a warning. NaN is allowed (some pruners prune on it).
    ///
    /// - Throws: ``StudyError`` (`invalidStep`, `trialFinished`), or the storage's error.
    public func report(_ value: Double, step: Int) async throws {
        guard step >= 0 else {
            throw StudyError(.invalidStep, "trial \(number): step must be >= 0, got \(step)")
        }
        let update: TrialUpdate? = try state.withLock { state in
            guard !state.isFinished else { throw self.finishedError(state.record) }
            if let first = state.record.intermediateValues[step] {
                study.log(
                    .warning, trial: number,
                    "step \(step) was already reported (value \(first)); keeping it and ignoring \(value)")
                return nil
            }
            state.record.intermediateValues[step] = value
            state.pending.intermediateValues[step] = value
            return Self.takePending(&state)
        }
        if let update { try await write(update) }
    }

    /// Whether the study's pruner says this trial should stop now, judged on the values reported
    /// so far against the rest of the study. When it answers `true`, throw ``TrialPruned``.
    ///
    /// - Throws: ``StudyError`` (`trialFinished`), or the storage's error.
    public func shouldPrune() async throws -> Bool {
        let (update, record) = try state.withLock { state in
            guard !state.isFinished else { throw self.finishedError(state.record) }
            return (Self.takePending(&state), state.record)
        }
        if !update.isEmpty { try await write(update) }
        let snapshot = try await study.storage.snapshot(of: study.id)
        return study.pruner.shouldPrune(record, in: snapshot)
    }

    /// Sets a user attribute of the trial (kept with the trial in storage).
    ///
    /// - Throws: ``StudyError`` (`trialFinished`), or the storage's error.
    public func setUserAttribute(_ key: String, _ value: AttributeValue) async throws {
        let update = try state.withLock { state in
            guard !state.isFinished else { throw self.finishedError(state.record) }
            state.record.userAttributes[key] = value
            state.pending.userAttributes[key] = value
            return Self.takePending(&state)
        }
        try await write(update)
    }

    /// Writes the parameters suggested since the last write to storage now (other workers then see
    /// them, and they survive a crash of this process).
    public func flush() async throws {
        let update = try state.withLock { state in
            guard !state.isFinished else { throw self.finishedError(state.record) }
            return Self.takePending(&state)
        }
        if !update.isEmpty { try await write(update) }
    }

    /// Records that this trial's worker is alive, so ``Study/failStaleTrials(gracePeriod:requeue:)``
    /// leaves the trial alone for a grace period. `optimize(..., heartbeatInterval:)` calls it
    /// periodically; an ask/tell loop calls it itself, more often than the grace period.
    ///
    /// - Throws: ``StudyError`` (`trialFinished`), or the storage's error.
    /// - Complexity: O(1), plus the storage's write.
    public func recordHeartbeat() async throws {
        try state.withLock { state in
            guard !state.isFinished else { throw self.finishedError(state.record) }
        }
        try await study.storage.recordHeartbeat(id)
    }

    // MARK: Finishing (the study's side)

    /// Finishes the trial in storage with whatever is still unwritten; called by `Study.tell`.
    func finish(_ finish: TrialFinish, systemAttributes: [String: AttributeValue] = [:]) async throws -> TrialRecord {
        let update = try state.withLock { state in
            guard !state.isFinished else { throw self.finishedError(state.record) }
            state.isFinished = true
            return Self.takePending(&state)
        }
        var finish = finish
        if finish.state == .pruned, finish.values == nil, study.directions.count == 1,
            let last = record.lastIntermediateValue, last.isFinite
        {
            finish.values = [last]
        }
        var written = update
        written.systemAttributes.merge(systemAttributes) { _, new in new }
        written.finish = finish
        let stored: TrialRecord
        do {
            stored = try await study.storage.updateTrial(id, written)
        } catch let error as StorageError where error.kind == .trialFinished {
            // Finished elsewhere: failed as stale by a sweep, say, while this worker was alive.
            throw try await lateResult(finish, error: error)
        } catch {
            // Nothing was written: the trial is still running, so it can be told again (and a
            // sweep can still find it). Keep what was not written for the next attempt.
            state.withLock { state in
                var restored = update
                restored.merge(state.pending)
                state.pending = restored
                state.isFinished = false
            }
            throw error
        }
        state.withLock { $0.record = stored }
        return stored
    }

    /// Keeps the outcome of a trial that another worker finished first (a `failStaleTrials`
    /// sweep that judged it dead) in the study's system attribute `late_result:<number>`, and
    /// returns the error the caller gets.
    private func lateResult(_ finish: TrialFinish, error: StorageError) async throws -> StudyError {
        let stored = try await study.storage.trial(id)
        state.withLock { $0.record = stored }
        let key = "late_result:\(number)"
        var result: [String: AttributeValue] = ["state": .string(finish.state.rawValue)]
        if let values = finish.values { result["values"] = .array(values.map { .double($0) }) }
        try await study.storage.setStudyAttribute(study.id, key: key, value: .object(result), system: true)
        let reason = stored.systemAttributes[.failReason].map { " (\($0))" } ?? ""
        return StudyError(
            .trialFinished,
            "trial \(number) was already finished as \(stored.state.rawValue)\(reason) before its result arrived; the result is kept in the study's system attribute \"\(key)\""
        )
    }

    private func write(_ update: TrialUpdate) async throws {
        do {
            _ = try await study.storage.updateTrial(id, update)
        } catch {
            // Keep what was not written, so the next write (or the finish) carries it.
            state.withLock { state in
                var restored = update
                restored.merge(state.pending)
                state.pending = restored
            }
            throw error
        }
    }

    private static func takePending(_ state: inout State) -> TrialUpdate {
        let update = state.pending
        state.pending = TrialUpdate()
        return update
    }

    private func finishedError(_ record: TrialRecord) -> StudyError {
        StudyError(.trialFinished, "trial \(number) is finished; a finished trial cannot be written to")
    }
}
