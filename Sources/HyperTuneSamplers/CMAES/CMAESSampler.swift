public import HyperTuneCore
import HyperTuneNumerics
public import HyperTuneSearchSpace

/// The covariance matrix adaptation evolution strategy (CMA-ES): for continuous (and integer)
/// problems with budgets of hundreds to thousands of trials.
///
/// ```swift
/// let study = try await Study.create(direction: .minimize, sampler: CMAESSampler(seed: 1))
/// ```
///
/// CMA-ES samples each generation of λ trials from a multivariate normal distribution, then moves
/// its mean towards the best μ = λ/2 of them and adapts its step size and covariance matrix from
/// their steps (Hansen, "The CMA Evolution Strategy: A Tutorial", arXiv:1604.00772, 2016; the
/// default parameters of the tutorial, negative weights included). Here:
/// - **Search space**: the float and int parameters every complete trial has (single-valued ones
///   left out), mapped onto the unit cube: linearly, or in log space for log parameters; ints and
///   step floats by equal cells per grid point (log ints by their log-width). The search starts at
///   the cube's centre with step size ``Configuration-swift.struct/sigma0`` (a fraction of each
///   range). Continuous coordinates that fall outside are resampled (100 times, then clamped).
/// - **Integers and steps**: the margin correction (Hamano et al., "CMA-ES with Margin:
///   Lower-Bounding Marginal Probability for Mixed-Integer Black-Box Optimization", GECCO 2022)
///   keeps the probability of leaving the mean's grid point at least `1 / (n λ)`, so discrete
///   coordinates never freeze before the continuous ones converge.
/// - **Restarts** (``Configuration-swift.struct/restarts``): when the run converges or degenerates
///   (the tutorial's termination criteria), a new run starts at a random point with the population
///   doubled: IPOP-CMA-ES (Auger and Hansen, "A Restart CMA Evolution Strategy With Increasing
///   Population Size", CEC 2005).
/// - **Many dimensions** (``Configuration-swift.struct/separable``): sep-CMA-ES keeps a diagonal
///   covariance (Ros and Hansen, PPSN 2008), linear in the dimension instead of cubic, and learns
///   faster when parameters act separately.
/// - **Categorical and conditional parameters**, and every parameter until
///   ``Configuration-swift.struct/startupTrials`` trials have completed, are sampled independently
///   and uniformly (as ``RandomSampler`` does).
/// - **Parallel workers**: a generation is the first λ trials to complete, whichever worker ran
///   them. A trial sampled from an earlier generation that completes late, a startup trial or an
///   enqueued one is not discarded: it joins the generation being filled as an injected solution
///   with its step renormalized (Hansen, "Injecting External Solutions Into CMA-ES",
///   arXiv:1110.4181, 2011). Failed and pruned trials are ignored.
///
/// **State**: the distribution is never stored. It is rebuilt from the study's history: every
/// complete trial in the order trials finished, each recognized as sampled from the distribution
/// of its generation when re-sampling its stream reproduces its parameters. The sampler caches
/// the rebuilt state with the history's lineage, so a suggestion folds in only the trials finished
/// since the previous one; a resumed study (another process, a journal) gets the same state.
///
/// Determinism: trial `k` draws from `SeededGenerator(seed: seed, stream: k)`; restart points from
/// streams of the seed. The same seed and concurrency 1 give the same trials.
///
/// Single-objective studies only: a multi-objective study is refused by the first trial.
///
/// - Complexity: per trial, O(n²) to sample and to recognize the trial when it is folded in
///   (O(n) separable), plus per generation of λ trials the O(λ n²) update and an O(n³) Jacobi
///   eigen-decomposition (O(λ n) separable): flat in the number of trials.
public struct CMAESSampler: SeededSampler {
    /// The options of a CMA-ES sampler.
    public struct Configuration: Sendable, Hashable {
        /// The initial step size, as a fraction of each parameter's range in the unit cube
        /// (finite, > 0). The default, 1/6, puts the initial distribution's ±3σ on the range.
        public var sigma0: Double
        /// The population λ of the first run (>= 2), or `nil` for the tutorial's `4 + ⌊3 ln n⌋`.
        public var populationSize: Int?
        /// Complete trials sampled independently before CMA-ES starts (>= 0). The search space
        /// is known only after a trial has completed, so the first trial is always independent.
        public var startupTrials: Int
        /// Whether to restart with a growing population (IPOP) when a run converges.
        public var restarts: Bool
        /// The factor by which each restart multiplies the population (>= 1).
        public var populationGrowth: Double
        /// Whether to keep a diagonal covariance (sep-CMA-ES), for many (say 50 or more) parameters.
        public var separable: Bool
        /// Whether to apply the margin correction to ints and step floats.
        public var margin: Bool

        /// Creates a configuration; every option has a default.
        ///
        /// - Parameters:
        ///   - sigma0: the initial step size in the unit cube (default 1/6).
        ///   - populationSize: the first run's population (default `4 + ⌊3 ln n⌋`).
        ///   - startupTrials: independent trials first (default 1).
        ///   - restarts: IPOP restarts (default `true`).
        ///   - populationGrowth: the restart's population factor (default 2).
        ///   - separable: diagonal covariance (default `false`).
        ///   - margin: margin correction for discrete coordinates (default `true`).
        public init(
            sigma0: Double = 1.0 / 6, populationSize: Int? = nil, startupTrials: Int = 1, restarts: Bool = true,
            populationGrowth: Double = 2, separable: Bool = false, margin: Bool = true
        ) {
            self.sigma0 = sigma0
            self.populationSize = populationSize
            self.startupTrials = startupTrials
            self.restarts = restarts
            self.populationGrowth = populationGrowth
            self.separable = separable
            self.margin = margin
        }
    }

    /// The seed of every trial's stream and of the restart points.
    public let seed: UInt64
    /// The options.
    public let configuration: Configuration
    private let cache = CMAESCache()

    /// Creates a CMA-ES sampler with the commonly changed options.
    ///
    /// - Parameters:
    ///   - seed: the seed; `nil` draws one from the system's entropy source.
    ///   - sigma0: the initial step size as a fraction of each range (default 1/6, > 0).
    ///   - populationSize: the first run's population (default `4 + ⌊3 ln n⌋`, >= 2).
    ///   - startupTrials: complete trials sampled independently first (default 1, >= 0).
    ///   - separable: a diagonal covariance, for many parameters (default `false`).
    ///
    /// Invalid options are reported by ``validate()`` (which `Study.create` calls) and by the first trial.
    public init(seed: Int? = nil, sigma0: Double = 1.0 / 6, populationSize: Int? = nil, startupTrials: Int = 1, separable: Bool = false) {
        self.init(
            seed: seed,
            configuration: Configuration(
                sigma0: sigma0, populationSize: populationSize, startupTrials: startupTrials, separable: separable))
    }

    /// Creates a CMA-ES sampler from a configuration.
    ///
    /// - Parameters:
    ///   - seed: the seed; `nil` draws one from the system's entropy source.
    ///   - configuration: the options.
    public init(seed: Int? = nil, configuration: Configuration) {
        self.seed = SeededGenerator.samplerSeed(seed)
        self.configuration = configuration
    }

    // MARK: Sampler

    /// Checks the options: `sigma0` finite and > 0, `populationSize` >= 2 or `nil`,
    /// `startupTrials` >= 0, `populationGrowth` finite and >= 1.
    ///
    /// - Throws: ``HyperTuneCore/SettingError`` naming the option and its value.
    public func validate() throws { try settings.validate() }

    /// Starts every trial; refuses invalid options or a multi-objective study.
    ///
    /// - Throws: ``HyperTuneCore/SettingError`` for an invalid option; ``HyperTuneCore/SamplerError`` for a
    ///   multi-objective study.
    public func planTrial(in study: StudySnapshot) throws -> TrialPlan { try settings.singleObjectivePlan(in: study) }

    /// The float and int parameters every complete trial has (single-valued ones left out), once
    /// ``Configuration-swift.struct/startupTrials`` (at least one) trials have completed.
    ///
    /// - Complexity: amortized O(d log d) per newly finished trial.
    public func relativeSearchSpace(in study: StudySnapshot, for trial: TrialRecord) -> SearchSpace {
        guard settings.isValid, !study.isMultiObjective else { return SearchSpace() }
        return cache.searchSpace(of: study.finished, startupTrials: configuration.startupTrials)
    }

    /// A sample of the current generation's distribution, rebuilt from the history.
    ///
    /// - Throws: ``HyperTuneCore/SettingError`` for invalid options; ``HyperTuneCore/SamplerError`` for a
    ///   multi-objective study.
    /// - Complexity: O(n²) plus folding in the trials finished since the previous call (see the type).
    public func sampleRelative(
        in study: StudySnapshot, for trial: TrialRecord, searchSpace: SearchSpace,
        using generator: inout SeededGenerator
    ) throws -> [String: Double] {
        try settings.validate()
        if study.isMultiObjective {
            throw SamplerError.singleObjectiveOnly("CMAESSampler", objectives: study.directions.count)
        }
        var space = SearchSpace()
        for (name, distribution) in searchSpace where !distribution.isSingleton {
            if case .categorical = distribution { continue }
            guard distribution.isModellable else { continue }  // wider than the largest Double: drawn uniformly
            space.set(name, distribution)
        }
        guard !space.isEmpty else { return [:] }
        let core = cache.core(for: space, study: study, sampler: self)
        let (_, position) = core.sample(using: &generator)
        var result: [String: Double] = [:]
        for (index, name) in space.names.enumerated() { result[name] = core.coordinates[index].value(at: position[index]) }
        return result
    }

    // MARK: Helpers

    private var settings: SettingsCheck {
        let c = configuration
        var check = SettingsCheck("CMAESSampler")
        check.require(c.sigma0 > 0 && c.sigma0.isFinite, "sigma0", c.sigma0, "must be finite and > 0")
        check.atLeast("populationSize", c.populationSize, 2)
        check.atLeast("startupTrials", c.startupTrials, 0)
        check.require(
            c.populationGrowth >= 1 && c.populationGrowth.isFinite, "populationGrowth", c.populationGrowth, "must be finite and >= 1")
        return check
    }

    /// The run rebuilt from `study` over `space` (for tests): its distribution, restarts, completed
    /// generations and injected trials.
    func rebuiltRun(over space: SearchSpace, in study: StudySnapshot) -> (core: CMAESCore, restarts: Int, generations: Int, injected: Int) {
        let run = cache.run(for: space, study: study, sampler: self)
        return (run.core, run.restart, run.generations, run.injected)
    }

    /// How the run rebuilt from `study` over `space` used the complete trials (for tests): the
    /// size and population λ of each completed generation, and the size of the one being filled.
    func rebuiltGenerations(over space: SearchSpace, in study: StudySnapshot) -> (told: [(size: Int, lambda: Int)], filling: Int) {
        let run = cache.run(for: space, study: study, sampler: self)
        return (run.told, run.generation.count)
    }

    /// A fresh run over `coordinates`: run `restart` of the IPOP schedule.
    func freshCore(coordinates: [CMAESCoordinate], restart: Int) -> CMAESCore {
        let n = coordinates.count
        let base = configuration.populationSize ?? (4 + Int((3 * Elementary.log(Double(n))).rounded(.down)))
        let lambda = min(Int((Double(base) * Elementary.pow(configuration.populationGrowth, Double(restart))).rounded()), 1 << 16)
        var mean = [Double](repeating: 0.5, count: n)
        if restart > 0 {
            var generator = SeededGenerator(seed: seed, stream: 0xC3A5_0000_0000_0000 ^ UInt64(restart))
            mean = (0..<n).map { _ in generator.nextDouble() }
        }
        return CMAESCore(
            coordinates: coordinates, mean: mean, sigma: configuration.sigma0, lambda: max(lambda, 2),
            separable: configuration.separable, useMargin: configuration.margin)
    }
}

/// What a CMA-ES sampler keeps between suggestions, folded in from the finished history while its
/// lineage holds: the joint search space, and the run rebuilt over one space.
final class CMAESCache: Sendable {
    struct Run {
        var space: SearchSpace
        var core: CMAESCore
        var restart = 0
        var folded = 0
        /// How many folded trials were injected (not sampled from their generation's distribution).
        var injected = 0
        /// How many generations were completed, over every restart.
        var generations = 0
        /// The size and λ of each completed generation, in order.
        var told: [(size: Int, lambda: Int)] = []
        var generation: [(x: [Double], value: Double, injected: Bool)] = []
    }

    struct State {
        var lineage: TrialHistory.Lineage?
        var folded = 0
        var complete = 0
        var intersection: SearchSpace?
        var run: Run?
    }

    private let state = Locked(State())

    /// Runs `body` on the state for `history`: the cached one when the history extends it, a
    /// fresh one otherwise (kept unless it is an older snapshot of the cached history).
    private func withState<Result>(_ history: TrialHistory, _ body: (inout State) -> Result) -> Result {
        state.withLock { cached in
            if cached.lineage == history.lineage, cached.folded <= history.count {
                return body(&cached)
            }
            var fresh = State(lineage: history.lineage)
            let result = body(&fresh)
            if cached.lineage != history.lineage { cached = fresh }
            return result
        }
    }

    private static func foldSpace(_ state: inout State, _ history: TrialHistory) {
        for position in state.folded..<history.count {
            let trial = history[position]
            guard trial.state == .complete, let value = trial.value, value.isFinite else { continue }
            state.complete += 1
            state.intersection = state.intersection.map { $0.intersection(trial.searchSpace) } ?? trial.searchSpace
        }
        state.folded = history.count
    }

    func searchSpace(of history: TrialHistory, startupTrials: Int) -> SearchSpace {
        withState(history) { state in
            Self.foldSpace(&state, history)
            guard state.complete >= max(startupTrials, 1), let intersection = state.intersection else { return SearchSpace() }
            var space = SearchSpace()
            for (name, distribution) in intersection where !distribution.isSingleton {
                if case .categorical = distribution { continue }
                space.set(name, distribution)
            }
            return space
        }
    }

    /// The run over `space` after every trial of `study.finished`.
    func core(for space: SearchSpace, study: StudySnapshot, sampler: CMAESSampler) -> CMAESCore {
        run(for: space, study: study, sampler: sampler).core
    }

    /// The run over `space` after every trial of `study.finished`, with its counters.
    func run(for space: SearchSpace, study: StudySnapshot, sampler: CMAESSampler) -> Run {
        let history = study.finished
        let sign: Double = study.direction == .minimize ? 1 : -1
        return withState(history) { state in
            Self.foldSpace(&state, history)
            if state.run?.space != space {
                let coordinates = space.distributions.map(CMAESCoordinate.init)
                state.run = Run(space: space, core: sampler.freshCore(coordinates: coordinates, restart: 0))
            }
            var run = state.run!
            state.run = nil  // keep `run` uniquely referenced while it changes
            for position in run.folded..<history.count {
                Self.fold(history[position], into: &run, sign: sign, sampler: sampler)
            }
            run.folded = history.count
            state.run = run
            return run
        }
    }

    /// Adds one finished trial to the generation being filled, and updates when it is full.
    private static func fold(_ trial: TrialRecord, into run: inout Run, sign: Double, sampler: CMAESSampler) {
        guard trial.state == .complete, let value = trial.value, value.isFinite else { return }
        let space = run.space
        var observed: [Double] = []
        observed.reserveCapacity(space.count)
        for (name, distribution) in space {
            guard let parameter = trial.parameters[name], parameter.distribution == distribution else { return }
            observed.append(parameter.internalValue)
        }
        let core = run.core
        // Sampled from this distribution? Re-draw the trial's stream and compare.
        var generator = SeededGenerator(seed: sampler.seed, stream: UInt64(trial.number))
        let (raw, position) = core.sample(using: &generator)
        var genuine = true
        for index in 0..<space.count where core.coordinates[index].value(at: position[index]) != observed[index] {
            genuine = false
            break
        }
        let x = genuine ? raw : (0..<space.count).map { core.coordinates[$0].position(of: observed[$0]) }
        run.generation.append((x, sign * value, !genuine))
        if !genuine { run.injected += 1 }
        guard run.generation.count == core.lambda else { return }
        run.core.tell(run.generation)
        run.generations += 1
        run.told.append((run.generation.count, core.lambda))
        run.generation.removeAll(keepingCapacity: true)
        if sampler.configuration.restarts, run.core.shouldStop {
            run.restart += 1
            run.core = sampler.freshCore(coordinates: core.coordinates, restart: run.restart)
        }
    }
}
