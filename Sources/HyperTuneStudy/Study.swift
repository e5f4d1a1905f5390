public import HyperTuneCore
import HyperTunePruners
import HyperTuneSamplers
public import HyperTuneSearchSpace
public import HyperTuneStorage

/// An optimization study: a named set of trials in a storage, a sampler that proposes parameters,
/// and a pruner that stops hopeless trials early.
///
/// ```swift
/// let study = try await Study.create(direction: .minimize)
/// try await study.optimize(nTrials: 100) { trial in
///     let x = try trial.suggestFloat("x", in: -10...10)
///     return (x - 2) * (x - 2)
/// }
/// print(try await study.bestTrial.params)
/// ```
///
/// A `Study` is a handle: several handles (in several processes, with a shared storage such as
/// `JournalStorage`) may work on the same study at once.
public final class Study: Sendable {
    /// The study's name, unique within its storage.
    public let name: String
    /// The study's identifier in its storage.
    public let id: StudyID
    /// One direction per objective.
    public let directions: [StudyDirection]
    /// Where the trials are kept.
    public let storage: any Storage
    /// What proposes parameters.
    public let sampler: any Sampler
    /// What stops hopeless trials early.
    public let pruner: any Pruner

    private struct Control: Sendable {
        var stopRequests = 0
        var logHandler: (@Sendable (LogMessage) -> Void)?
        var minimumLogLevel = LogLevel.info
    }

    private let control = Locked(Control())
    private let best = BestTrialCache()
    private let askLock = AsyncLock()

    init(name: String, id: StudyID, directions: [StudyDirection], storage: any Storage, sampler: any Sampler, pruner: any Pruner) {
        self.name = name
        self.id = id
        self.directions = directions
        self.storage = storage
        self.sampler = sampler
        self.pruner = pruner
    }

    // MARK: Creating and loading

    /// Creates a single-objective study, or loads it when `loadIfExists` is true and it exists.
    ///
    /// - Parameters:
    ///   - name: a name unique within `storage`; `nil` generates one.
    ///   - direction: whether the objective is minimized or maximized.
    ///   - sampler: what proposes parameters (default: ``HyperTuneSamplers/TPESampler`` with a random seed).
    ///   - pruner: what stops hopeless trials (default: ``HyperTunePruners/MedianPruner``).
    ///   - storage: where trials are kept (default: a new ``HyperTuneStorage/InMemoryStorage``).
    ///   - loadIfExists: when a study of that name exists, load it instead of failing.
    /// - Throws: the sampler's or pruner's `validate()` error (an option out of range: a
    ///   ``HyperTuneCore/SamplerError`` or ``HyperTuneCore/PrunerError``); ``StudyError`` `studyExists` (the name is taken and
    ///   `loadIfExists` is false), `directionMismatch` (the existing study has other directions); the
    ///   storage's errors.
    public static func create(
        name: String? = nil,
        direction: StudyDirection,
        sampler: any Sampler = Study.defaultSampler(),
        pruner: any Pruner = Study.defaultPruner(),
        storage: any Storage = InMemoryStorage(),
        loadIfExists: Bool = false
    ) async throws -> Study {
        try await create(
            name: name, directions: [direction], sampler: sampler, pruner: pruner, storage: storage,
            loadIfExists: loadIfExists)
    }

    /// Creates a study with one objective per direction, or loads it when `loadIfExists` is true.
    ///
    /// - Throws: as ``create(name:direction:sampler:pruner:storage:loadIfExists:)``, and
    ///   ``StudyError`` `invalidArgument` for an empty `directions`.
    public static func create(
        name: String? = nil,
        directions: [StudyDirection],
        sampler: any Sampler = Study.defaultSampler(),
        pruner: any Pruner = Study.defaultPruner(),
        storage: any Storage = InMemoryStorage(),
        loadIfExists: Bool = false
    ) async throws -> Study {
        guard !directions.isEmpty else { throw StudyError(.invalidArgument, "a study needs at least one direction") }
        try sampler.validate()
        try pruner.validate()
        let studyName = name ?? "study-" + String(SeededGenerator.randomSeed(), radix: 16)
        if let existing = try await storage.studyID(named: studyName) {
            guard loadIfExists else {
                throw StudyError(.studyExists, "a study named \"\(studyName)\" already exists (pass loadIfExists: true to resume it)")
            }
            let info = try await storage.studyInfo(existing)
            guard info.directions == directions else {
                throw StudyError(
                    .directionMismatch,
                    "study \"\(studyName)\" has directions \(info.directions.map(\.rawValue)), not \(directions.map(\.rawValue))")
            }
            return Study(name: studyName, id: existing, directions: directions, storage: storage, sampler: sampler, pruner: pruner)
        }
        let id: StudyID
        do {
            id = try await storage.createStudy(name: studyName, directions: directions)
        } catch let error as StorageError where error.kind == .studyExists {
            // Another process created it between our check and our create: the same situation as
            // finding it at the check, so the same outcome (load theirs, or StudyError studyExists).
            guard loadIfExists else {
                throw StudyError(.studyExists, "a study named \"\(studyName)\" already exists (pass loadIfExists: true to resume it)")
            }
            let loaded = try await load(name: studyName, storage: storage, sampler: sampler, pruner: pruner)
            guard loaded.directions == directions else {
                throw StudyError(
                    .directionMismatch,
                    "study \"\(studyName)\" has directions \(loaded.directions.map(\.rawValue)), not \(directions.map(\.rawValue))")
            }
            return loaded
        }
        return Study(name: studyName, id: id, directions: directions, storage: storage, sampler: sampler, pruner: pruner)
    }

    /// Loads an existing study.
    ///
    /// - Throws: the sampler's or pruner's `validate()` error; ``StudyError`` `studyNotFound`; the
    ///   storage's errors.
    public static func load(
        name: String,
        storage: any Storage,
        sampler: any Sampler = Study.defaultSampler(),
        pruner: any Pruner = Study.defaultPruner()
    ) async throws -> Study {
        try sampler.validate()
        try pruner.validate()
        guard let id = try await storage.studyID(named: name) else {
            throw StudyError(.studyNotFound, "no study named \"\(name)\" in the storage")
        }
        let info = try await storage.studyInfo(id)
        return Study(name: name, id: id, directions: info.directions, storage: storage, sampler: sampler, pruner: pruner)
    }

    /// Deletes a study and its trials from `storage`.
    ///
    /// - Throws: ``StudyError`` `studyNotFound`; the storage's errors.
    public static func delete(name: String, storage: any Storage) async throws {
        guard let id = try await storage.studyID(named: name) else {
            throw StudyError(.studyNotFound, "no study named \"\(name)\" in the storage")
        }
        try await storage.deleteStudy(id)
    }

    /// The sampler a study gets when none is given.
    public static func defaultSampler() -> any Sampler { TPESampler() }

    /// The pruner a study gets when none is given: `MedianPruner()` (5 startup trials, no warm-up,
    /// every step judged), Optuna's default. It prunes only trials that report intermediate values
    /// and call `shouldPrune()`; pass `NopPruner()` to run every trial to the end.
    public static func defaultPruner() -> any Pruner { MedianPruner() }

    // MARK: Reading

    /// The direction of a single-objective study (the first direction otherwise).
    public var direction: StudyDirection { directions[0] }

    /// Every trial, by number.
    ///
    /// - Complexity: O(n log n).
    public var trials: [TrialRecord] {
        get async throws { try await storage.snapshot(of: id).trials() }
    }

    /// The trials whose state is in `states`, by number.
    public func trials(states: Set<TrialState>) async throws -> [TrialRecord] {
        try await storage.snapshot(of: id).trials(states)
    }

    /// A point-in-time view of the study.
    public func snapshot() async throws -> StudySnapshot {
        try await storage.snapshot(of: id)
    }

    /// The complete trial with the best value (the earliest to finish among equals).
    ///
    /// - Throws: ``StudyError`` `noCompletedTrials`, or `wrongObjectiveCount` for a
    ///   multi-objective study (use ``bestTrials``).
    /// - Complexity: amortized O(trials finished since the last call).
    public var bestTrial: TrialRecord {
        get async throws {
            guard directions.count == 1 else {
                throw StudyError(.wrongObjectiveCount, "study \"\(name)\" has \(directions.count) objectives; use bestTrials")
            }
            let snapshot = try await storage.snapshot(of: id)
            guard let best = best.best(in: snapshot.finished, direction: direction) else {
                throw StudyError(.noCompletedTrials, "study \"\(name)\" has no complete trial yet")
            }
            return best
        }
    }

    /// The best value (see ``bestTrial``).
    public var bestValue: Double {
        get async throws { try await bestTrial.values![0] }
    }

    /// The best trial's parameters (see ``bestTrial``).
    public var bestParams: [String: ParameterValue] {
        get async throws { try await bestTrial.params }
    }

    /// The complete trials no other complete trial dominates (the Pareto front), by number. For a
    /// single objective: the trials sharing the best value.
    ///
    /// - Complexity: O(n²) in the complete trials, worst case.
    public var bestTrials: [TrialRecord] {
        get async throws {
            let complete = try await storage.snapshot(of: id).trials([.complete])
            return ParetoFront.of(complete, directions: directions)
        }
    }

    /// The study's user attributes.
    public var userAttributes: [String: AttributeValue] {
        get async throws { try await storage.studyInfo(id).userAttributes }
    }

    /// Sets a user attribute of the study.
    public func setUserAttribute(_ key: String, _ value: AttributeValue) async throws {
        try await storage.setStudyAttribute(id, key: key, value: value, system: false)
    }

    // MARK: Ask and tell

    /// Starts a trial: the oldest enqueued one if any, else a new one planned by the sampler.
    /// The caller suggests parameters on it, evaluates, then calls ``tell(_:value:)`` (or another `tell`).
    ///
    /// When the sampler would rather wait for running trials (``HyperTuneCore/TrialPlan/wait(reason:)``),
    /// `ask` does not wait (the caller may hold those trials): it starts a trial with nothing attached.
    ///
    /// - Throws: ``StudyError`` `samplerExhausted` when the sampler has nothing left (a finished
    ///   grid) and nothing is enqueued; the sampler's and storage's errors.
    public func ask() async throws -> Trial {
        try await ask(heartbeatInterval: nil)
    }

    /// Starts a trial; with `heartbeatInterval`, a trial that starts fresh is marked as beating
    /// (the system attribute `heartbeat_interval`), so a sweep finds it even when its worker died before the first beat.
    func ask(heartbeatInterval: Duration?) async throws -> Trial {
        // `mayWait: false` never answers nil.
        try await ask(heartbeatInterval: heartbeatInterval, mayWait: false)!
    }

    /// Starts a trial as ``ask()`` does; with `mayWait`, answers `nil` instead when the sampler
    /// plans ``HyperTuneCore/TrialPlan/wait(reason:)`` and nothing is enqueued (the caller waits and asks again).
    func ask(heartbeatInterval: Duration?, mayWait: Bool) async throws -> Trial? {
        // One ask at a time per handle: each sees the trials (and joint samples) of the asks before it.
        try await askLock.withLock { try await askUnlocked(heartbeatInterval: heartbeatInterval, mayWait: mayWait) }
    }

    private func askUnlocked(heartbeatInterval: Duration?, mayWait: Bool) async throws -> Trial? {
        var snapshot = try await storage.snapshot(of: id)
        var record: TrialRecord?
        var conflicts = 0
        while record == nil {
            var plan = try sampler.planTrial(in: snapshot)
            if case .wait = plan {
                // An enqueued trial needs no plan; without one, wait (optimize) or start anyway (ask).
                record = try await storage.startTrial(in: id, fresh: nil)
                if record != nil { break }
                if mayWait { return nil }
                plan = .start(NewTrial())
            }
            switch plan {
            case .stop(let reason):
                record = try await storage.startTrial(in: id, fresh: nil)
                if record == nil { throw StudyError(.samplerExhausted, "study \"\(name)\": \(reason)") }
            case .wait:
                preconditionFailure("a wait plan is handled above")
            case .start(var fresh):
                if let heartbeatInterval {
                    fresh.systemAttributes[StorageModel.heartbeatIntervalKey] = .double(
                        Double(heartbeatInterval.components.seconds) + Double(heartbeatInterval.components.attoseconds) * 1e-18)
                }
                record = try await storage.startTrial(in: id, fresh: fresh)
                if record == nil {
                    // Another worker took the claim first: plan again from what is stored now.
                    conflicts += 1
                    precondition(conflicts < 10_000, "the sampler keeps planning claims that are already held")
                    snapshot = try await storage.snapshot(of: id)
                }
            }
        }
        var trial = record!
        let sampling = try TrialSampling(sampler: sampler, view: pruner.samplerView(of: snapshot, for: trial), trial: trial)
        if let relativeParams = sampling.relativeParamsAttribute {
            // Recorded now, so workers asking next (here or in other processes) see where this
            // trial is going before its objective suggests anything.
            trial = try await storage.updateTrial(
                TrialID(study: id, number: trial.number), TrialUpdate(systemAttributes: .init(system: [.relativeParams: relativeParams])))
        }
        return Trial(study: self, record: trial, sampling: sampling)
    }

    /// Finishes `trial` as complete with `value` (single objective). A NaN or infinite value
    /// finishes it as failed instead, with the reason in its `fail_reason` system attribute
    /// (``HyperTuneCore/SystemAttributeKey/failReason``).
    ///
    /// - Returns: the trial as stored.
    /// - Throws: ``StudyError`` (`trialFinished`, `foreignTrial`, `wrongObjectiveCount`); the storage's errors.
    @discardableResult
    public func tell(_ trial: Trial, value: Double) async throws -> TrialRecord {
        try await tell(trial, values: [value])
    }

    /// Finishes `trial` as complete with one value per objective (failed if one is NaN or infinite).
    ///
    /// - Returns: the trial as stored.
    /// - Throws: as ``tell(_:value:)``.
    @discardableResult
    public func tell(_ trial: Trial, values: [Double]) async throws -> TrialRecord {
        try checkOwnership(trial)
        guard values.count == directions.count else {
            throw StudyError(
                .wrongObjectiveCount,
                "trial \(trial.number): study \"\(name)\" has \(directions.count) objective(s), got \(values.count) value(s)")
        }
        if let bad = values.first(where: { !$0.isFinite }) {
            log(.warning, trial: trial.number, "the objective returned \(bad); the trial is failed")
            return try await trial.finish(
                TrialFinish(state: .fail), systemAttributes: .init(system: [.failReason: .string("the objective returned \(bad)")]))
        }
        return try await trial.finish(TrialFinish(state: .complete, values: values))
    }

    /// Finishes `trial` in `state`: `.pruned` (keeping its last intermediate value as its value),
    /// `.fail`, or `.complete` with `values`.
    ///
    /// - Returns: the trial as stored.
    /// - Throws: ``StudyError`` `invalidArgument` for a non-final state or `.complete` without
    ///   values; as ``tell(_:value:)``.
    @discardableResult
    public func tell(_ trial: Trial, state: TrialState, values: [Double]? = nil) async throws -> TrialRecord {
        try checkOwnership(trial)
        switch state {
        case .complete:
            guard let values else {
                throw StudyError(.invalidArgument, "trial \(trial.number): telling .complete needs values")
            }
            return try await tell(trial, values: values)
        case .pruned:
            return try await trial.finish(TrialFinish(state: .pruned, values: values))
        case .fail:
            return try await trial.finish(TrialFinish(state: .fail))
        case .waiting, .running:
            throw StudyError(.invalidArgument, "trial \(trial.number): cannot tell a trial it is \(state.rawValue)")
        }
    }

    /// Finishes `trial` as failed because of `error`, recording `String(describing: error)` in the
    /// `fail_reason` system attribute.
    @discardableResult
    public func tell(_ trial: Trial, error: any Error) async throws -> TrialRecord {
        try checkOwnership(trial)
        return try await trial.finish(
            TrialFinish(state: .fail),
            systemAttributes: .init(system: [
                .failReason: .string(String(describing: error)), .failErrorType: .string(String(reflecting: type(of: error))),
            ]))
    }

    /// Adds a trial whose parameters are fixed in advance; it runs before any new trial. Parameters
    /// left out are sampled as usual. A value is checked against its distribution when the objective
    /// suggests it: one outside the distribution fails that trial with a ``HyperTuneSearchSpace/SearchSpaceError``.
    ///
    /// - Parameters:
    ///   - params: the fixed values, by name.
    ///   - userAttributes: user attributes the trial starts with.
    ///   - skipIfExists: do nothing when a trial (in any state) already has, or was enqueued with,
    ///     exactly these values.
    public func enqueueTrial(
        _ params: [String: ParameterValue], userAttributes: [String: AttributeValue] = [:], skipIfExists: Bool = false
    ) async throws {
        if let empty = params.keys.first(where: \.isEmpty) {
            throw StudyError(.invalidArgument, "enqueueTrial: a parameter name cannot be empty (\"\(empty)\")")
        }
        if skipIfExists {
            let snapshot = try await storage.snapshot(of: id)
            let exists = snapshot.trials().contains { trial in
                trial.fixedParams == params || (!trial.parameters.isEmpty && trial.params == params)
            }
            if exists { return }
        }
        _ = try await storage.enqueueTrial(in: id, params: params, userAttributes: userAttributes, systemAttributes: [:])
    }

    // MARK: Control

    /// Asks every running `optimize` of this handle to start no new trial; running trials finish.
    public func stop() {
        control.withLock { $0.stopRequests += 1 }
    }

    var stopRequests: Int { control.withLock { $0.stopRequests } }

    /// Installs a handler for the library's messages at `minimumLevel` and above (`nil` removes it).
    /// The library prints nothing by itself.
    public func setLogHandler(minimumLevel: LogLevel = .info, _ handler: (@Sendable (LogMessage) -> Void)?) {
        control.withLock {
            $0.logHandler = handler
            $0.minimumLogLevel = minimumLevel
        }
    }

    func log(_ level: LogLevel, trial: Int? = nil, _ text: @autoclosure () -> String) {
        let handler = control.withLock { $0.minimumLogLevel <= level ? $0.logHandler : nil }
        handler?(LogMessage(level: level, study: name, trial: trial, text: text()))
    }

    /// Whether two storages are the same one: the same object for a class, the same type otherwise
    /// (a value cannot be told apart from an equal copy).
    static func isSameStorage(_ a: any Storage, _ b: any Storage) -> Bool {
        guard type(of: a) is AnyClass, type(of: b) is AnyClass else {
            return ObjectIdentifier(type(of: a)) == ObjectIdentifier(type(of: b))
        }
        return (a as AnyObject) === (b as AnyObject)
    }

    private func checkOwnership(_ trial: Trial) throws {
        guard trial.study === self || (trial.study.id == id && trial.study.name == name) else {
            throw StudyError(.foreignTrial, "trial \(trial.number) belongs to study \"\(trial.study.name)\", not \"\(name)\"")
        }
        guard trial.study === self || Self.isSameStorage(trial.study.storage, storage) else {
            throw StudyError(
                .foreignTrial,
                "trial \(trial.number) belongs to study \"\(trial.study.name)\" of another storage (\(type(of: trial.study.storage))); a trial is told to a study of the storage it was asked from"
            )
        }
    }
}

/// The best complete trial of a history, folded in incrementally.
final class BestTrialCache: Sendable {
    private struct Best: HistoryFold {
        let direction: StudyDirection
        var best: TrialRecord?

        mutating func fold(_ history: TrialHistory, newTrials: Range<Int>) {
            for position in newTrials {
                let trial = history[position]
                guard trial.state == .complete, let value = trial.value else { continue }
                if let current = best?.value, !direction.isBetter(value, than: current) { continue }
                best = trial
            }
        }
    }

    private let folds = FoldCache<Best>()

    func best(in history: TrialHistory, direction: StudyDirection) -> TrialRecord? {
        folds.withState(of: history, fresh: { Best(direction: direction) }, reusable: { $0.direction == direction }) { $0.best }
    }
}
