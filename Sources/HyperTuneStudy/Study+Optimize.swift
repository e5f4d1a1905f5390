public import HyperTuneCore
import HyperTuneSearchSpace

/// A function called after each trial of `optimize` finishes, with the study and the finished trial.
/// An error thrown by a callback stops the study (no new trials; running ones finish) and is
/// rethrown by `optimize`.
public typealias TrialCallback = @Sendable (Study, TrialRecord) async throws -> Void

/// The `optimize` family: one name, Optuna's, for every kind of objective (a closure or an
/// ``Objective`` / ``MultiObjective`` value, returning one value or one per objective), and one
/// driver behind all of them.
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
    /// The other forms take the same options: an objective returning `[Double]` (one value per
    /// direction, for a multi-objective study), or an ``Objective`` or ``MultiObjective`` value
    /// passed first (`study.optimize(Quadratic(), nTrials: 20)`).
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
    ///   objectives (pass an objective that returns one value per objective); an error that
    ///   stopped the study; `CancellationError`.
    public func optimize(
        nTrials: Int? = nil, timeout: Duration? = nil, concurrency: Int = 1, errorPolicy: ErrorPolicy = .default,
        heartbeatInterval: Duration? = nil, callbacks: [TrialCallback] = [], progress: (@Sendable (OptimizeProgress) -> Void)? = nil,
        _ objective: @escaping @Sendable (Trial) async throws -> Double
    ) async throws {
        let options = OptimizeOptions(
            nTrials: nTrials, timeout: timeout, concurrency: concurrency, errorPolicy: errorPolicy,
            heartbeatInterval: heartbeatInterval, callbacks: callbacks, progress: progress)
        try await run(options, singleValue: true) { trial in [try await objective(trial)] }
    }

    /// Runs trials of a multi-objective `objective`, which returns one value per direction of the
    /// study, in the order of ``directions``, until a budget is spent.
    ///
    /// ```swift
    /// let study = try await Study.create(directions: [.minimize, .maximize])
    /// try await study.optimize(nTrials: 50) { trial in
    ///     let width = try trial.suggestInt("width", in: 8...256, log: true)
    ///     return [latency(width), accuracy(width)]
    /// }
    /// let front = try await study.bestTrials
    /// ```
    ///
    /// The options are those of the single-objective form, except that a progress hook's
    /// `bestValue` stays `nil`. A trial whose objective returns the wrong number of values is
    /// failed (its `fail_reason` says why) and stops the study with ``StudyError``
    /// `wrongObjectiveCount`: every trial would fail the same way. A NaN or infinite value fails
    /// the trial; the study goes on.
    ///
    /// An objective that returns no value at all (it always throws) runs as the single-objective
    /// form: this form is the disfavoured one of the two.
    ///
    /// - Throws: ``StudyError`` `invalidArgument` or `wrongObjectiveCount`; an error that stopped the
    ///   study; `CancellationError`.
    @_disfavoredOverload
    public func optimize(
        nTrials: Int? = nil, timeout: Duration? = nil, concurrency: Int = 1, errorPolicy: ErrorPolicy = .default,
        heartbeatInterval: Duration? = nil, callbacks: [TrialCallback] = [], progress: (@Sendable (OptimizeProgress) -> Void)? = nil,
        _ objective: @escaping @Sendable (Trial) async throws -> [Double]
    ) async throws {
        let options = OptimizeOptions(
            nTrials: nTrials, timeout: timeout, concurrency: concurrency, errorPolicy: errorPolicy,
            heartbeatInterval: heartbeatInterval, callbacks: callbacks, progress: progress)
        try await run(options, singleValue: false, objective)
    }

    /// Runs trials of an ``Objective`` value, as the closure form that returns one value.
    public func optimize(
        _ objective: some Objective, nTrials: Int? = nil, timeout: Duration? = nil, concurrency: Int = 1,
        errorPolicy: ErrorPolicy = .default, heartbeatInterval: Duration? = nil, callbacks: [TrialCallback] = [],
        progress: (@Sendable (OptimizeProgress) -> Void)? = nil
    ) async throws {
        try await optimize(
            nTrials: nTrials, timeout: timeout, concurrency: concurrency, errorPolicy: errorPolicy,
            heartbeatInterval: heartbeatInterval, callbacks: callbacks, progress: progress, objective.evaluate)
    }

    /// Runs trials of a ``MultiObjective`` value, as the closure form that returns one value per
    /// objective (a type that is also an ``Objective`` runs as one).
    @_disfavoredOverload
    public func optimize(
        _ objective: some MultiObjective, nTrials: Int? = nil, timeout: Duration? = nil, concurrency: Int = 1,
        errorPolicy: ErrorPolicy = .default, heartbeatInterval: Duration? = nil, callbacks: [TrialCallback] = [],
        progress: (@Sendable (OptimizeProgress) -> Void)? = nil
    ) async throws {
        let options = OptimizeOptions(
            nTrials: nTrials, timeout: timeout, concurrency: concurrency, errorPolicy: errorPolicy,
            heartbeatInterval: heartbeatInterval, callbacks: callbacks, progress: progress)
        try await run(options, singleValue: false, objective.evaluate)
    }

    /// The former name of the multi-objective closure form.
    @available(*, deprecated, renamed: "optimize(nTrials:timeout:concurrency:errorPolicy:heartbeatInterval:callbacks:progress:_:)")
    public func optimizeMultiObjective(
        nTrials: Int? = nil, timeout: Duration? = nil, concurrency: Int = 1, errorPolicy: ErrorPolicy = .default,
        heartbeatInterval: Duration? = nil, callbacks: [TrialCallback] = [], progress: (@Sendable (OptimizeProgress) -> Void)? = nil,
        _ objective: @escaping @Sendable (Trial) async throws -> [Double]
    ) async throws {
        try await optimize(
            nTrials: nTrials, timeout: timeout, concurrency: concurrency, errorPolicy: errorPolicy,
            heartbeatInterval: heartbeatInterval, callbacks: callbacks, progress: progress, objective)
    }

    /// The one driver behind every `optimize`: `objective` returns one value per objective;
    /// `singleValue` says the caller's objective returns one value, which a multi-objective study
    /// cannot take.
    private func run(
        _ options: OptimizeOptions, singleValue: Bool, _ objective: @escaping @Sendable (Trial) async throws -> [Double]
    ) async throws {
        guard !singleValue || directions.count == 1 else {
            throw StudyError(
                .wrongObjectiveCount,
                "study \"\(name)\" has \(directions.count) objectives and the objective returns one value; "
                    + "pass an objective that returns one value per objective ([Double])")
        }
        try options.validate()
        let run = OptimizeRun(options, stopRequestsAtStart: stopRequests)
        let workers = min(options.concurrency, options.nTrials ?? options.concurrency, Self.maximumConcurrency)
        if options.concurrency > Self.maximumConcurrency {
            log(
                .info,
                "concurrency \(options.concurrency) is capped at Study.maximumConcurrency (\(Self.maximumConcurrency)) trials at once")
        }
        let heartbeats = options.heartbeatInterval.map { interval in (thread: HeartbeatThread(), interval: interval) }
        defer { heartbeats?.thread.stop() }
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<workers {
                group.addTask { await self.work(run: run, heartbeats: heartbeats, objective: objective) }
            }
        }
        if let error = run.error { throw error }
        try Task.checkCancellation()
    }

    /// One worker: claims a slot, runs a trial, records it, until the run says stop.
    private func work(run: OptimizeRun, heartbeats: Heartbeats?, objective: @Sendable (Trial) async throws -> [Double]) async {
        while run.claimSlot(stopRequests: stopRequests) {
            let trial: Trial
            do {
                guard let started = try await askWaiting(run: run, heartbeats: heartbeats) else { return }
                trial = started
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
                record = try await evaluate(trial, objective: objective, run: run, heartbeats: heartbeats)
            } catch {
                // Storage refused to record the outcome: nothing sensible can follow.
                run.halt(error: error)
                return
            }
            run.record(record, directions: directions)
            for callback in run.options.callbacks {
                do {
                    try await callback(self, record)
                } catch {
                    run.halt(error: error)
                }
            }
        }
    }

    /// Asks for a trial; while the sampler answers ``HyperTuneCore/TrialPlan/wait(reason:)``, waits
    /// (2 ms, doubling up to 100 ms) and asks again. `nil` when the run ends meanwhile (halted,
    /// cancelled, out of time, or asked to stop).
    private func askWaiting(run: OptimizeRun, heartbeats: Heartbeats?) async throws -> Trial? {
        var pause = Duration.milliseconds(2)
        while true {
            if let trial = try await ask(heartbeatInterval: heartbeats?.interval, mayWait: true) { return trial }
            guard run.mayGoOn(stopRequests: stopRequests) else { return nil }
            try? await Task.sleep(for: pause)
            pause = min(pause * 2, .milliseconds(100))
        }
    }

    /// Runs the objective on `trial` and records the outcome; returns the finished trial.
    private func evaluate(
        _ trial: Trial, objective: @Sendable (Trial) async throws -> [Double], run: OptimizeRun, heartbeats: Heartbeats?
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
                systemAttributes: .init(system: [.failReason: .string("cancelled: \(error)")]))
        case .failure(let error):
            let stops = run.options.errorPolicy.stopsStudy(error)
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

    let options: OptimizeOptions
    let start: ContinuousClock.Instant
    let stopRequestsAtStart: Int
    private let state = Locked(State())

    init(_ options: OptimizeOptions, stopRequestsAtStart: Int) {
        self.options = options
        self.start = .now
        self.stopRequestsAtStart = stopRequestsAtStart
    }

    var error: (any Error)? { state.withLock { $0.error } }

    /// Takes a slot for one more trial, or says the run is over.
    func claimSlot(stopRequests: Int) -> Bool {
        if Task.isCancelled || stopRequests > stopRequestsAtStart { return false }
        if let timeout = options.timeout, ContinuousClock.now - start >= timeout { return false }
        return state.withLock { state in
            if state.halted { return false }
            if let budget = options.nTrials, state.started >= budget { return false }
            state.started += 1
            return true
        }
    }

    /// Whether a worker that holds a slot may still start its trial: not cancelled, not asked to
    /// stop, not out of time, not halted.
    func mayGoOn(stopRequests: Int) -> Bool {
        if Task.isCancelled || stopRequests > stopRequestsAtStart { return false }
        if let timeout = options.timeout, ContinuousClock.now - start >= timeout { return false }
        return !state.withLock { $0.halted }
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
            options.progress?(
                OptimizeProgress(
                    finished: state.finished, complete: state.complete, pruned: state.pruned, failed: state.failed,
                    budget: options.nTrials, timeout: options.timeout, elapsed: elapsed, bestValue: state.bestValue,
                    bestTrialNumber: state.bestTrialNumber, lastTrial: trial))
        }
    }
}
