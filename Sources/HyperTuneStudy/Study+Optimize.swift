public import HyperTuneCore
import HyperTuneSearchSpace

/// A function called after each trial of `optimize` finishes, with the study and the finished trial.
/// An error thrown by a callback stops the study (no new trials; running ones finish) and is
/// rethrown by `optimize`.
public typealias TrialCallback = @Sendable (Study, TrialRecord) async throws -> Void

/// Which errors thrown by an objective stop `optimize`. In every case the trial is recorded as
/// failed, with the error's description in its `fail_reason` system attribute; a stopping error
/// is rethrown by `optimize` once running trials have finished.
public struct ErrorPolicy: Sendable {
    /// Whether an error stops the study.
    public let stopsStudy: @Sendable (any Error) -> Bool

    /// A policy that stops on the errors `stopsStudy` accepts.
    public init(stopsStudy: @escaping @Sendable (any Error) -> Bool) {
        self.stopsStudy = stopsStudy
    }

    /// Fail the trial and go on, except for errors that mean the objective's definition is broken
    /// (``HyperTuneSearchSpace/SearchSpaceError``, ``HyperTuneCore/SamplerError``): every trial would fail the same way, so those stop.
    public static let `default` = ErrorPolicy { $0 is SearchSpaceError || $0 is SamplerError }
    /// Fail the trial and go on, whatever the error.
    public static let continueOnAll = ErrorPolicy { _ in false }
    /// Stop at the first error.
    public static let stopOnAny = ErrorPolicy { _ in true }
    /// Stop on the errors `predicate` accepts; go on after the others.
    public static func stop(when predicate: @escaping @Sendable (any Error) -> Bool) -> ErrorPolicy {
        ErrorPolicy(stopsStudy: predicate)
    }
}

/// Where an `optimize` call stands, handed to its progress hook after each finished trial.
public struct OptimizeProgress: Sendable {
    /// Trials finished by this `optimize` call.
    public var finished: Int
    /// Of those, how many completed.
    public var complete: Int
    /// Of those, how many were pruned.
    public var pruned: Int
    /// Of those, how many failed.
    public var failed: Int
    /// The trial budget of the call, if one was given.
    public var budget: Int?
    /// The time budget of the call, if one was given.
    public var timeout: Duration?
    /// Time since the call started.
    public var elapsed: Duration
    /// The best value among the trials this call completed (single objective), if any.
    public var bestValue: Double?
    /// The number of the trial with ``bestValue``.
    public var bestTrialNumber: Int?
    /// The trial that just finished.
    public var lastTrial: TrialRecord

    /// The larger of the trial and time fractions spent, in [0, 1], or `nil` without budgets.
    public var fractionDone: Double? {
        var fractions: [Double] = []
        if let budget, budget > 0 { fractions.append(Double(finished) / Double(budget)) }
        if let timeout, timeout > .zero { fractions.append(elapsed / timeout) }
        return fractions.max().map { min($0, 1) }
    }
}

extension Study {
    /// Runs trials of `objective` until a budget is spent.
    ///
    /// ```swift
    /// try await study.optimize(nTrials: 100, concurrency: 4) { trial in
    ///     let x = try trial.suggestFloat("x", in: -10...10)
    ///     return x * x
    /// }
    /// ```
    ///
    /// The call ends when `nTrials` trials have been started by it and have finished, when
    /// `timeout` has passed (no trial starts after it; running ones finish), when ``stop()`` is
    /// called, or when the sampler has nothing left (a finished grid). At most `concurrency`
    /// trials run at once, each in its own child task.
    ///
    /// Outcomes: a returned finite value completes the trial; NaN or infinity fails it (reason in
    /// `fail_reason`); ``TrialPruned`` prunes it; any other error fails it and, per `errorPolicy`,
    /// stops the study. Cancelling the surrounding task starts no new trial, lets running
    /// objectives see the cancellation, records each trial that ends because of it as failed
    /// (`fail_reason` "cancelled"), and throws `CancellationError`: no trial is left running.
    ///
    /// - Parameters:
    ///   - nTrials: how many trials this call starts; `nil` for no limit.
    ///   - timeout: after how long no new trial starts; `nil` for no limit.
    ///   - concurrency: how many trials run at once (at least 1; more than
    ///     ``maximumConcurrency`` is capped there, so memory stays bounded).
    ///   - errorPolicy: which objective errors stop the study (default: ``ErrorPolicy/default``).
    ///   - heartbeatInterval: when set, each running trial records a heartbeat in storage when it
    ///     starts and then at this interval, from a thread of its own that objectives blocking
    ///     their threads cannot starve, until it finishes; a trial started this way that never
    ///     beats is stale once the grace period after its start has passed; another worker
    ///     (or a later run) can then fail the trials of a worker that died with
    ///     ``failStaleTrials(gracePeriod:requeue:)``. `nil` (the default) sends none.
    ///   - callbacks: called after each finished trial.
    ///   - progress: called after each finished trial, one call at a time, in order.
    ///   - objective: evaluates one trial.
    /// - Throws: ``StudyError`` `invalidArgument`, or `wrongObjectiveCount` when the study has several
    ///   objectives (use ``optimizeMultiObjective(nTrials:timeout:concurrency:errorPolicy:heartbeatInterval:callbacks:progress:_:)``);
    ///   an error that stopped the study; `CancellationError`.
    public func optimize(
        nTrials: Int? = nil,
        timeout: Duration? = nil,
        concurrency: Int = 1,
        errorPolicy: ErrorPolicy = .default,
        heartbeatInterval: Duration? = nil,
        callbacks: [TrialCallback] = [],
        progress: (@Sendable (OptimizeProgress) -> Void)? = nil,
        _ objective: @escaping @Sendable (Trial) async throws -> Double
    ) async throws {
        guard directions.count == 1 else {
            throw StudyError(
                .wrongObjectiveCount,
                "study \"\(name)\" has \(directions.count) objectives and the objective returns one value; "
                    + "use optimizeMultiObjective, whose objective returns one value per objective")
        }
        try await drive(
            nTrials: nTrials, timeout: timeout, concurrency: concurrency, errorPolicy: errorPolicy,
            heartbeatInterval: heartbeatInterval, callbacks: callbacks, progress: progress
        ) { trial in [try await objective(trial)] }
    }

    /// Runs trials of a multi-objective `objective`, which returns one value per direction of the
    /// study, in the order of ``directions``, until a budget is spent.
    ///
    /// ```swift
    /// let study = try await Study.create(directions: [.minimize, .maximize])
    /// try await study.optimizeMultiObjective(nTrials: 50) { trial in
    ///     let width = try trial.suggestInt("width", in: 8...256, log: true)
    ///     return [latency(width), accuracy(width)]
    /// }
    /// let front = try await study.bestTrials
    /// ```
    ///
    /// Everything else is as for the single-objective form
    /// (``optimize(nTrials:timeout:concurrency:errorPolicy:heartbeatInterval:callbacks:progress:_:)``),
    /// except that a progress hook's `bestValue` stays `nil`. A trial whose objective returns the
    /// wrong number of values is failed (its `fail_reason` says why) and stops the study with
    /// ``StudyError`` `wrongObjectiveCount`: every trial would fail the same way. A NaN or infinite
    /// value fails the trial; the study goes on.
    ///
    /// - Throws: ``StudyError`` `invalidArgument` or `wrongObjectiveCount`; an error that stopped the
    ///   study; `CancellationError`.
    public func optimizeMultiObjective(
        nTrials: Int? = nil,
        timeout: Duration? = nil,
        concurrency: Int = 1,
        errorPolicy: ErrorPolicy = .default,
        heartbeatInterval: Duration? = nil,
        callbacks: [TrialCallback] = [],
        progress: (@Sendable (OptimizeProgress) -> Void)? = nil,
        _ objective: @escaping @Sendable (Trial) async throws -> [Double]
    ) async throws {
        try await drive(
            nTrials: nTrials, timeout: timeout, concurrency: concurrency, errorPolicy: errorPolicy,
            heartbeatInterval: heartbeatInterval, callbacks: callbacks, progress: progress, objective: objective)
    }

    /// Runs trials of a ``MultiObjective`` value. See ``optimizeMultiObjective(nTrials:timeout:concurrency:errorPolicy:heartbeatInterval:callbacks:progress:_:)``.
    public func optimize(
        _ objective: some MultiObjective,
        nTrials: Int? = nil,
        timeout: Duration? = nil,
        concurrency: Int = 1,
        errorPolicy: ErrorPolicy = .default,
        heartbeatInterval: Duration? = nil,
        callbacks: [TrialCallback] = [],
        progress: (@Sendable (OptimizeProgress) -> Void)? = nil
    ) async throws {
        try await drive(
            nTrials: nTrials, timeout: timeout, concurrency: concurrency, errorPolicy: errorPolicy,
            heartbeatInterval: heartbeatInterval, callbacks: callbacks, progress: progress, objective: objective.evaluate)
    }

    /// The driver behind every `optimize`: `objective` returns one value per objective.
    private func drive(
        nTrials: Int?, timeout: Duration?, concurrency: Int, errorPolicy: ErrorPolicy, heartbeatInterval: Duration?,
        callbacks: [TrialCallback], progress: (@Sendable (OptimizeProgress) -> Void)?,
        objective: @escaping @Sendable (Trial) async throws -> [Double]
    ) async throws {
        if let nTrials, nTrials < 0 { throw StudyError(.invalidArgument, "nTrials must be >= 0, got \(nTrials)") }
        guard concurrency >= 1 else { throw StudyError(.invalidArgument, "concurrency must be >= 1, got \(concurrency)") }
        if let timeout, timeout < .zero { throw StudyError(.invalidArgument, "timeout must be >= 0, got \(timeout)") }
        if let heartbeatInterval, heartbeatInterval <= .zero {
            throw StudyError(.invalidArgument, "heartbeatInterval must be > 0, got \(heartbeatInterval)")
        }

        let run = OptimizeRun(
            budget: nTrials, timeout: timeout, stopRequestsAtStart: stopRequests, progress: progress)
        let workers = min(concurrency, nTrials ?? concurrency, Self.maximumConcurrency)
        if concurrency > Self.maximumConcurrency {
            log(.info, "concurrency \(concurrency) is capped at Study.maximumConcurrency (\(Self.maximumConcurrency)) trials at once")
        }
        let heartbeats = heartbeatInterval.map { interval in (thread: HeartbeatThread(), interval: interval) }
        defer { heartbeats?.thread.stop() }
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<workers {
                group.addTask {
                    await self.work(run: run, errorPolicy: errorPolicy, heartbeats: heartbeats, callbacks: callbacks, objective: objective)
                }
            }
        }
        if let error = run.error { throw error }
        try Task.checkCancellation()
    }

    /// Runs trials of an ``Objective`` value. See ``optimize(nTrials:timeout:concurrency:errorPolicy:heartbeatInterval:callbacks:progress:_:)``.
    public func optimize(
        _ objective: some Objective,
        nTrials: Int? = nil,
        timeout: Duration? = nil,
        concurrency: Int = 1,
        errorPolicy: ErrorPolicy = .default,
        heartbeatInterval: Duration? = nil,
        callbacks: [TrialCallback] = [],
        progress: (@Sendable (OptimizeProgress) -> Void)? = nil
    ) async throws {
        try await optimize(
            nTrials: nTrials, timeout: timeout, concurrency: concurrency, errorPolicy: errorPolicy,
            heartbeatInterval: heartbeatInterval, callbacks: callbacks, progress: progress, objective.evaluate)
    }

    /// One worker: claims a slot, runs a trial, records it, until the run says stop.
    private func work(
        run: OptimizeRun, errorPolicy: ErrorPolicy, heartbeats: Heartbeats?, callbacks: [TrialCallback],
        objective: @Sendable (Trial) async throws -> [Double]
    ) async {
        while run.claimSlot(stopRequests: stopRequests) {
            let trial: Trial
            do {
                trial = try await ask(heartbeatInterval: heartbeats?.interval)
            } catch let error as StudyError where error.kind == .samplerExhausted {
                log(.info, error.detail)
                run.halt(error: nil)
                return
            } catch {
                run.halt(error: error)
                return
            }
            let record: TrialRecord
            do {
                record = try await evaluate(trial, objective: objective, run: run, errorPolicy: errorPolicy, heartbeats: heartbeats)
            } catch {
                // Storage refused to record the outcome: nothing sensible can follow.
                run.halt(error: error)
                return
            }
            run.record(record, directions: directions)
            for callback in callbacks {
                do {
                    try await callback(self, record)
                } catch {
                    run.halt(error: error)
                }
            }
        }
    }

    /// Runs the objective on `trial` and records the outcome; returns the finished trial.
    private func evaluate(
        _ trial: Trial, objective: @Sendable (Trial) async throws -> [Double], run: OptimizeRun, errorPolicy: ErrorPolicy,
        heartbeats: Heartbeats?
    ) async throws -> TrialRecord {
        let outcome = await withHeartbeats(of: trial, heartbeats) { () async -> Result<[Double], any Error> in
            do {
                return .success(try await objective(trial))
            } catch {
                return .failure(error)
            }
        }
        if trial.isFinished {
            // The objective told the trial itself.
            return try await storage.trial(trial.id)
        }
        switch outcome {
        case .success(let values) where values.count != directions.count:
            let error = StudyError(
                .wrongObjectiveCount,
                "trial \(trial.number): study \"\(name)\" has \(directions.count) objective(s), the objective returned "
                    + "\(values.count) value(s)")
            log(.warning, trial: trial.number, "failed: \(error) (stopping the study)")
            let record = try await tell(trial, error: error)
            run.halt(error: error)
            return record
        case .success(let values):
            let record = try await tell(trial, values: values)
            if record.state == .complete {
                let shown = values.count == 1 ? "value \(values[0])" : "values \(values)"
                log(.info, trial: trial.number, "finished with \(shown) and parameters \(Self.describe(record.params))")
            }
            return record
        case .failure(let pruned as TrialPruned):
            log(.info, trial: trial.number, pruned.description)
            return try await tell(trial, state: .pruned)
        case .failure(let error) where Task.isCancelled:
            log(.info, trial: trial.number, "cancelled")
            return try await trial.finish(
                TrialFinish(state: .fail),
                systemAttributes: ["fail_reason": .string("cancelled: \(error)")])
        case .failure(let error):
            let stops = errorPolicy.stopsStudy(error)
            log(.warning, trial: trial.number, "failed: \(error)" + (stops ? " (stopping the study)" : ""))
            let record = try await tell(trial, error: error)
            if stops { run.halt(error: error) }
            return record
        }
    }

    /// The heartbeat thread of an `optimize` call, and the interval of its beats.
    typealias Heartbeats = (thread: HeartbeatThread, interval: Duration)

    /// Runs `body`; meanwhile, when `heartbeats` is set, its thread records a heartbeat of `trial`
    /// at once and then every interval, until `body` returns. A failed heartbeat is logged and
    /// retried at the next interval.
    private func withHeartbeats<Value: Sendable>(of trial: Trial, _ heartbeats: Heartbeats?, _ body: () async -> Value) async -> Value {
        guard let heartbeats else { return await body() }
        let number = trial.number
        let token = heartbeats.thread.add(trial.id, storage: storage, every: heartbeats.interval) { [weak self] error in
            self?.log(.warning, trial: number, "could not record a heartbeat: \(error)")
        }
        let value = await body()
        heartbeats.thread.remove(token)
        return value
    }

    static func describe(_ params: [String: ParameterValue]) -> String {
        "{" + params.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
    }
}

/// The shared state of one `optimize` call.
private final class OptimizeRun: Sendable {
    private struct State {
        var started = 0
        var halted = false
        var error: (any Error)?
        var finished = 0
        var complete = 0
        var pruned = 0
        var failed = 0
        var bestValue: Double?
        var bestTrialNumber: Int?
    }

    let budget: Int?
    let timeout: Duration?
    let start: ContinuousClock.Instant
    let stopRequestsAtStart: Int
    let progress: (@Sendable (OptimizeProgress) -> Void)?
    private let state = Locked(State())

    init(budget: Int?, timeout: Duration?, stopRequestsAtStart: Int, progress: (@Sendable (OptimizeProgress) -> Void)?) {
        self.budget = budget
        self.timeout = timeout
        self.start = .now
        self.stopRequestsAtStart = stopRequestsAtStart
        self.progress = progress
    }

    var error: (any Error)? { state.withLock { $0.error } }

    /// Takes a slot for one more trial, or says the run is over.
    func claimSlot(stopRequests: Int) -> Bool {
        if Task.isCancelled || stopRequests > stopRequestsAtStart { return false }
        if let timeout, ContinuousClock.now - start >= timeout { return false }
        return state.withLock { state in
            if state.halted { return false }
            if let budget, state.started >= budget { return false }
            state.started += 1
            return true
        }
    }

    /// Starts no new trial; remembers the first error, to be rethrown.
    func halt(error: (any Error)?) {
        state.withLock { state in
            state.halted = true
            if state.error == nil, let error { state.error = error }
        }
    }

    /// Counts a finished trial and calls the progress hook (under the lock, so calls are in order).
    func record(_ trial: TrialRecord, directions: [StudyDirection]) {
        let elapsed = ContinuousClock.now - start
        state.withLock { state in
            state.finished += 1
            switch trial.state {
            case .complete: state.complete += 1
            case .pruned: state.pruned += 1
            default: state.failed += 1
            }
            if directions.count == 1, trial.state == .complete, let value = trial.value,
                state.bestValue.map({ directions[0].isBetter(value, than: $0) }) ?? true
            {
                state.bestValue = value
                state.bestTrialNumber = trial.number
            }
            progress?(
                OptimizeProgress(
                    finished: state.finished, complete: state.complete, pruned: state.pruned, failed: state.failed,
                    budget: budget, timeout: timeout, elapsed: elapsed, bestValue: state.bestValue,
                    bestTrialNumber: state.bestTrialNumber, lastTrial: trial))
        }
    }
}
