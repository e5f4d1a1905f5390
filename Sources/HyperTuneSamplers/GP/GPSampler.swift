public import HyperTuneCore
import HyperTuneNumerics
public import HyperTuneSearchSpace

/// Gaussian-process Bayesian optimization: the sampler to use when each trial is expensive and the
/// budget is tens to a few hundred trials.
///
/// ```swift
/// let study = try await Study.create(direction: .minimize, sampler: GPSampler(seed: 1))
/// ```
///
/// How a suggestion is made (see `Docs/GPSampler.md` for the details and the numbers):
/// 1. The search space is the intersection of the complete trials' parameters (singletons aside),
///    encoded into the unit cube: log-scaled ranges in log space, grids by cells, categoricals by
///    index (`GPInputSpace`). Parameters outside it (conditional ones, or everything in the first
///    trial) are sampled independently and uniformly.
/// 2. Until ``Configuration/startupTrials`` trials have completed, trial `k` takes the `k`-th point
///    of a scrambled Sobol' sequence seeded by the sampler's seed: deterministic and spread out
///    even when several workers start at once.
/// 3. Then a Gaussian process with an ARD Matérn-5/2 kernel (Snoek, Larochelle and Adams,
///    "Practical Bayesian Optimization of Machine Learning Algorithms", NeurIPS 2012) is fitted to
///    the standardized and warped objective values (`OutputWarping`) by maximum a-posteriori
///    marginal likelihood (`GPHyperparameterFit`), warm-started from the previous suggestion's
///    fit (past 128 observations, refitted only when the data has grown by 5%).
/// 4. Running trials whose parameters are known (their joint sample is recorded when they start)
///    are added to the model at its posterior mean ("kriging believer"), so parallel workers do
///    not pile onto the same point.
/// 5. The next point maximizes log expected improvement over the lowest posterior mean at an
///    observed point (Ament et al., "Unexpected Improvements to
///    Expected Improvement for Bayesian Optimization", NeurIPS 2023): scrambled Sobol' candidates
///    and perturbations of the best points are scored in one batch, and the best few are polished
///    by L-BFGS on continuous coordinates and by local moves on grid and categorical ones
///    (`GPAcquisition`).
///
/// Determinism: every draw comes from the trial's stream of the seed; the same seed and
/// concurrency 1 give the same trials. The warm start makes a suggestion depend on this sampler
/// instance's previous fit, so a study resumed in a new process may diverge from an uninterrupted
/// run after the resume (both are reproducible).
///
/// Single-objective studies only: a multi-objective study is refused by the first trial.
///
/// - Complexity: per suggestion, O(n³) in the complete trials `n` for each evaluation of the fit
///   (a few to fifty, fewer when warm-started; past 128 trials only when the data has grown by
///   5%), plus O(c (n d + n²)) for `c` candidates. In a release build with 10 parameters this
///   measured 14-19 ms at 100 trials, 18-21 ms at 300 and 0.19 s at 1,000 on a shared 2-core
///   machine (see `Docs/Benchmarks.md`); past about 1,000 trials prefer `TPESampler`.
public struct GPSampler: SeededSampler {
    /// The options of a GP sampler.
    public struct Configuration: Sendable, Hashable {
        /// The number of complete trials sampled from the scrambled Sobol' sequence before the
        /// model is used. At least 1.
        public var startupTrials: Int
        /// Whether the objective returns the same value every time at the same parameters: the
        /// model then interpolates the data (noise pinned at 10⁻⁶ of the standardized variance)
        /// instead of fitting a noise level.
        public var deterministicObjective: Bool
        /// The number of quasi-random candidates scored per suggestion (rounded up to a power of
        /// two), plus a quarter as many around the best trials. Past 128 observations the number
        /// shrinks as `1/n²`, to no fewer than 512, so this step's cost stays flat. At least 1.
        public var candidates: Int
        /// The number of best candidates polished by local search. Past 128 observations the
        /// number shrinks as `1/n²`, to no fewer than 3. At least 1.
        public var localSearchStarts: Int
        /// Whether running trials are added to the model at its posterior mean, so concurrent
        /// workers spread out.
        public var considerPendingTrials: Bool

        /// Creates a configuration; every option has a default.
        ///
        /// - Parameters:
        ///   - startupTrials: Sobol' trials before the model is used (default 10).
        ///   - deterministicObjective: the objective is noise-free (default `false`).
        ///   - candidates: quasi-random candidates per suggestion (default 1,024).
        ///   - localSearchStarts: candidates polished by local search (default 10).
        ///   - considerPendingTrials: model running trials (default `true`).
        public init(
            startupTrials: Int = 10, deterministicObjective: Bool = false, candidates: Int = 1024,
            localSearchStarts: Int = 10, considerPendingTrials: Bool = true
        ) {
            self.startupTrials = startupTrials
            self.deterministicObjective = deterministicObjective
            self.candidates = candidates
            self.localSearchStarts = localSearchStarts
            self.considerPendingTrials = considerPendingTrials
        }
    }

    /// The seed of every trial's stream and of the startup sequence's scramble.
    public let seed: UInt64
    /// The options.
    public let configuration: Configuration
    private let cache = GPCache()

    /// Creates a GP sampler.
    ///
    /// - Parameters:
    ///   - seed: the seed; `nil` draws one from the system's entropy source.
    ///   - startupTrials: Sobol' trials before the model is used (default 10, at least 1).
    ///   - deterministicObjective: the objective is noise-free (default `false`).
    ///   - candidates: quasi-random candidates per suggestion (default 1,024).
    ///   - localSearchStarts: candidates polished by local search (default 10).
    ///   - considerPendingTrials: model running trials so parallel workers spread out (default `true`).
    public init(
        seed: Int? = nil, startupTrials: Int = 10, deterministicObjective: Bool = false, candidates: Int = 1024,
        localSearchStarts: Int = 10, considerPendingTrials: Bool = true
    ) {
        self.init(
            seed: seed,
            configuration: Configuration(
                startupTrials: startupTrials, deterministicObjective: deterministicObjective, candidates: candidates,
                localSearchStarts: localSearchStarts, considerPendingTrials: considerPendingTrials))
    }

    /// Creates a GP sampler from a configuration.
    ///
    /// - Parameters:
    ///   - seed: the seed; `nil` draws one from the system's entropy source.
    ///   - configuration: the options; invalid ones are reported by ``validate()`` (which
    ///     `Study.create` calls) and by the first trial.
    public init(seed: Int? = nil, configuration: Configuration) {
        self.seed = SeededGenerator.samplerSeed(seed)
        self.configuration = configuration
    }

    // MARK: Sampler

    /// Starts every trial; refuses an invalid configuration or a multi-objective study.
    ///
    /// - Throws: ``HyperTuneCore/SettingError`` naming the option and its value; ``HyperTuneCore/SamplerError``
    ///   for a multi-objective study.
    public func planTrial(in study: StudySnapshot) throws -> TrialPlan { try settings.singleObjectivePlan(in: study) }

    /// Checks the options: `startupTrials`, `candidates` and `localSearchStarts` must be at least 1.
    ///
    /// - Throws: ``HyperTuneCore/SettingError`` naming the option and its value.
    public func validate() throws { try settings.validate() }

    /// The parameters every complete trial has, with the same distribution (singletons left out);
    /// none when one of them is a range wider than the largest `Double` (every parameter is then
    /// drawn uniformly).
    ///
    /// - Complexity: amortized O(d log d) per newly finished trial.
    public func relativeSearchSpace(in study: StudySnapshot, for trial: TrialRecord) -> SearchSpace {
        let space = cache.update(with: study.finished, direction: study.direction).space
        return space.contains { !$0.1.isModellable } ? SearchSpace() : space
    }

    /// A startup point, or the maximizer of log expected improvement under the fitted model.
    ///
    /// - Throws: ``SamplerError`` for a multi-objective study.
    /// - Complexity: see the type.
    public func sampleRelative(
        in study: StudySnapshot, for trial: TrialRecord, searchSpace: SearchSpace,
        using generator: inout SeededGenerator
    ) throws -> [String: Double] {
        guard !searchSpace.isEmpty else { return [:] }
        if study.isMultiObjective {
            throw SamplerError.singleObjectiveOnly("GPSampler", objectives: study.directions.count)
        }
        let data = cache.update(with: study.finished, direction: study.direction)
        guard data.space == searchSpace else { return [:] }
        let space = GPInputSpace(searchSpace)
        let n = data.values.count
        if n < max(configuration.startupTrials, 1) || n < 2 {
            return startupPoint(trial.number, space: space)
        }
        let d = space.dimension

        // Warped, standardized targets (lower is better).
        let targets = OutputWarping.warp(data.values)

        // Hyperparameters move slowly once there is much data: past 128 observations they are
        // refitted only when the data has grown by 5% since the last fit (every 15 trials at 300),
        // and reused in between; the model itself is always conditioned on every observation.
        let previous = cache.previousFit(for: searchSpace)
        let hyperparameters: GPHyperparameters
        if let previous, n > 128, n >= previous.observations, Double(n) < 1.05 * Double(previous.observations) {
            hyperparameters = previous.hyperparameters
        } else {
            hyperparameters = GPHyperparameterFit.fit(
                inputs: data.rows, targets: targets, isCategorical: space.isCategorical, start: previous?.hyperparameters,
                deterministic: configuration.deterministicObjective, maxIterations: previous == nil ? 50 : 25)
            cache.store(fit: hyperparameters, observations: n, for: searchSpace)
        }
        guard
            var model = GaussianProcess(
                inputs: data.rows, targets: targets, isCategorical: space.isCategorical, hyperparameters: hyperparameters)
        else { return startupPoint(trial.number, space: space) }

        if configuration.considerPendingTrials {
            var pending: [Double] = []
            for running in study.unfinished where running.state == .running && running.number != trial.number {
                var row: [Double] = []
                for (index, name) in searchSpace.names.enumerated() {
                    guard let value = running.knownInternalValue(name) else { break }
                    row.append(space.rounded(space.encode(value, at: index), at: index))
                }
                if row.count == d { pending += row }
            }
            model.believe(pending)
        }

        // The best few observed points anchor the local candidates.
        let ranked = (0..<n).sorted { targets[$0] < targets[$1] || (targets[$0] == targets[$1] && $0 < $1) }
        var bestPoints: [Double] = []
        for index in ranked.prefix(5) { bestPoints += data.rows[(index * d)..<((index + 1) * d)] }
        // The incumbent is the lowest posterior mean at an observed point ("plug-in" EI): the best
        // observation itself when the noise is negligible, a less lucky value when it is not.
        let incumbent = model.trainingMeans(count: n).min() ?? targets[ranked[0]]
        let acquisition = GPAcquisition(model: model, space: space, incumbent: incumbent)
        // Scoring a candidate or a polishing step costs O(n²): past 128 observations the Sobol'
        // set and the number of polished starts shrink as 1/n² (to no fewer than 256 candidates
        // and 3 starts), keeping the acquisition's cost roughly flat.
        let shrink = min(1, Double(128 * 128) / Double(model.count * model.count))
        let candidates = max(Int(Double(configuration.candidates) * shrink), min(configuration.candidates, 256))
        let starts = max(Int((Double(configuration.localSearchStarts) * shrink).rounded(.up)), min(configuration.localSearchStarts, 3))
        let (point, _) = acquisition.maximize(
            candidates: candidates, starts: starts, bestPoints: bestPoints,
            using: &generator)
        return decode(point, space: space)
    }

    // MARK: Helpers

    private var settings: SettingsCheck {
        var check = SettingsCheck("GPSampler")
        check.atLeast("startupTrials", configuration.startupTrials, 1)
        check.atLeast("candidates", configuration.candidates, 1)
        check.atLeast("localSearchStarts", configuration.localSearchStarts, 1)
        return check
    }

    /// Point `number` of the study's scrambled Sobol' sequence in `space`.
    private func startupPoint(_ number: Int, space: GPInputSpace) -> [String: Double] {
        let d = space.dimension
        var unit: [Double]
        if d <= Sobol.maxDimension {
            var scramble = SeededGenerator(seed: seed, stream: 0x5EED_0000_0000_0000 | UInt64(d))
            unit = Sobol(dimension: d, scrambledWith: &scramble).point(number)
        } else {
            var generator = SeededGenerator(seed: seed, stream: 0x5EED_1000_0000_0000 | UInt64(truncatingIfNeeded: number))
            unit = (0..<d).map { _ in generator.nextDouble() }
        }
        return decode((0..<d).map { space.fromUnit(unit[$0], at: $0) }, space: space)
    }

    private func decode(_ point: [Double], space: GPInputSpace) -> [String: Double] {
        var result: [String: Double] = [:]
        for (index, name) in space.space.names.enumerated() { result[name] = space.decode(point[index], at: index) }
        return result
    }
}

/// What a GP sampler keeps between suggestions: the search space and encoded data folded in from
/// the finished history (incrementally while the history's lineage holds), and the last fit.
private final class GPCache: Sendable {
    struct Data {
        /// The intersection of the complete trials' search spaces, singletons removed.
        var space = SearchSpace()
        /// The complete trials' coordinates in `space`, row-major.
        var rows: [Double] = []
        /// Their objective values, negated when maximizing (lower is better).
        var values: [Double] = []
    }

    private struct State: HistoryFold {
        let direction: StudyDirection
        /// The plain intersection (with singletons), `nil` before the first complete trial.
        var intersection: SearchSpace?
        var complete: [TrialRecord] = []
        var data = Data()

        init(direction: StudyDirection) { self.direction = direction }

        /// Folds in the complete trials among `history[newTrials]`.
        ///
        /// - Complexity: O(new trials × d log d), or O(n d) when the search space shrinks.
        mutating func fold(_ history: TrialHistory, newTrials: Range<Int>) {
            var added: [TrialRecord] = []
            for position in newTrials {
                let trial = history[position]
                guard trial.state == .complete, let value = trial.value, value.isFinite else { continue }
                added.append(trial)
            }
            guard !added.isEmpty else { return }
            var intersection = self.intersection
            for trial in added {
                intersection = intersection.map { $0.intersection(trial.searchSpace) } ?? trial.searchSpace
            }
            self.intersection = intersection
            complete += added
            var modelled = SearchSpace()
            for (name, distribution) in intersection ?? SearchSpace() where !distribution.isSingleton {
                modelled.set(name, distribution)
            }
            let sign: Double = direction == .minimize ? 1 : -1
            let toEncode: [TrialRecord]
            if modelled != data.space {
                data = Data(space: modelled)
                toEncode = complete
            } else {
                toEncode = added
            }
            let space = GPInputSpace(modelled)
            for trial in toEncode {
                for (index, name) in modelled.names.enumerated() {
                    data.rows.append(space.rounded(space.encode(trial.internalValue(name)!, at: index), at: index))
                }
                data.values.append(sign * trial.value!)
            }
        }
    }

    private let folds = FoldCache<State>()
    /// The last fit: kept when the data starts over (a new history or direction) as a warm start.
    private let fit = Locked<(space: SearchSpace, hyperparameters: GPHyperparameters, observations: Int)?>(nil)

    /// Folds in the trials finished since the last call and returns the data.
    ///
    /// - Complexity: O(new trials × d log d), or O(n d) when the search space shrinks.
    func update(with history: TrialHistory, direction: StudyDirection) -> Data {
        folds.withState(of: history, fresh: { State(direction: direction) }, reusable: { $0.direction == direction }) { $0.data }
    }

    /// The last fit made in `space`, if any, and the number of observations it was made with.
    func previousFit(for space: SearchSpace) -> (hyperparameters: GPHyperparameters, observations: Int)? {
        fit.withLock { fit in
            guard let fit, fit.space == space else { return nil }
            return (fit.hyperparameters, fit.observations)
        }
    }

    /// Remembers a fit for the next suggestions (warm start, reuse).
    func store(fit: GPHyperparameters, observations: Int, for space: SearchSpace) {
        self.fit.withLock { $0 = (space, fit, observations) }
    }
}
