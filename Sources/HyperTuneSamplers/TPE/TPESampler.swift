public import HyperTuneCore
import HyperTuneNumerics
public import HyperTuneSearchSpace

/// The tree-structured Parzen estimator: the default sampler.
///
/// ```swift
/// let study = try await Study.create(direction: .minimize, sampler: TPESampler(seed: 7))
/// ```
///
/// After ``Configuration-swift.struct/startupTrials`` random trials, each suggestion splits the
/// ranked trials into a good set (the best `gamma(n)`) and a bad set (the rest), fits a Parzen
/// estimator to each — `l(x)` to the good, `g(x)` to the bad, both mixtures of one kernel per trial
/// and a wide prior kernel — draws ``Configuration-swift.struct/candidates`` points from `l`, and
/// keeps the one with the largest `l(x) / g(x)`, which orders points as expected improvement does
/// (Bergstra et al., "Algorithms for hyper-parameter optimization", NeurIPS 2011).
///
/// The components follow Watanabe's ablation study ("Tree-structured Parzen estimator:
/// understanding its algorithm components and their roles for better empirical performance",
/// arXiv:2304.11127, 2023); the defaults are Optuna 5's except where the benchmark suite
/// (`Docs/Benchmarks.md`) supports a change, marked below:
/// - **Multivariate kernels** (default): one product kernel per trial over the parameters modelled
///   jointly, so correlations between parameters are kept (Falkner et al., "BOHB: robust and
///   efficient hyperparameter optimization at scale", ICML 2018). With
///   ``Configuration-swift.struct/group`` (default), parameters that always appear together in
///   define-by-run objectives form a group modelled jointly; otherwise the joint space is the
///   intersection of every trial's parameters. Parameters outside it are sampled on their own
///   (univariate TPE over the trials that hold them).
/// - **Kernels**: truncated normals on bounded floats (in log space for log parameters); for ints
///   and floats with a step, the mass of the normal on each point's rounding bin, so samples land
///   on the grid and each kernel sums to 1 over it; for categoricals, a point mass on the observed
///   choice smoothed towards uniform (changed: three times Optuna's smoothing, so the branches of
///   a conditional space stay open longer). Everything is computed in that transformed space.
/// - **Split and weights**: `gamma(n) = min(⌈0.1 n⌉, 25)`; good trials weigh the same; bad
///   trials older than the 25 most recent get linearly smaller weights; the prior weighs as one
///   trial.
/// - **Bandwidths**: the larger gap to a neighbouring kernel (Hyperopt's rule), kept between the
///   range and a floor `range · max(0.01, (n + 2)^-α)` so kernels never collapse, with α = 1 for
///   the bad set and (changed) 1.5 for the good set, whose kernels then narrow sooner; in ints
///   and step floats (changed) at least one grid step.
/// - **Bad-set window** (changed): the bad set keeps the most recent
///   ``Configuration-swift.struct/badTrialWindow`` (50) bad trials, which bounds the cost of a
///   suggestion; on the benchmark, the regret is not measurably different from keeping every
///   bad trial (`Docs/Benchmarks.md`).
/// - **Ranking**: complete trials by value (minimized or maximized as the study says), then pruned
///   trials by how far they got and their last reported value; failed trials are ignored.
/// - **Parallel workers** (``Configuration-swift.struct/constantLiar``): running trials join the
///   bad set at their known values (suggested, or planned jointly when they started), so
///   concurrent workers spread out. In a finite joint space (every parameter discrete) the sampler
///   does not propose a configuration already evaluated or running while unseen ones remain.
/// - **Several objectives**: the good set is filled by successive non-dominated fronts.
///
/// Each trial draws from its own stream, `SeededGenerator(seed: seed, stream: trial number)`: with
/// one worker, the same seed gives the same trials.
///
/// - Complexity: per suggestion, O(C (γ + w) d) to score C candidates against γ ≤ 25 good and at
///   most w = ``Configuration-swift.struct/badTrialWindow`` bad trials in d dimensions, plus
///   O(log n + k d) to fold in the k trials finished since the previous suggestion (inserting each
///   into a rank order, updating the joint space, caching its transformed coordinates). Nothing
///   scales with the number of trials n except that O(log n) search, a memory move of the rank
///   order, and, for several objectives, the O(n²) non-dominated sort. The first suggestion after
///   loading a study folds in the whole history once, O(n d). A history given as a new filtered
///   copy at each call (a pruner's bracket view) is folded in from scratch each time, O(n d).
public struct TPESampler: SeededSampler {
    /// How many of the n ranked trials form the good set.
    public struct Gamma: Sendable {
        private let rule: @Sendable (Int) -> Int

        /// A rule from the number of ranked trials to the size of the good set (clamped to `0...n`).
        public init(_ rule: @escaping @Sendable (Int) -> Int) {
            self.rule = rule
        }

        /// `min(⌈fraction · n⌉, cap)`.
        public static func linear(_ fraction: Double, cap: Int = 25) -> Gamma {
            Gamma { n in min(Int((fraction * Double(n)).rounded(.up)), cap) }
        }

        /// `min(⌈fraction · √n⌉, cap)`.
        public static func squareRoot(_ fraction: Double, cap: Int = 25) -> Gamma {
            Gamma { n in min(Int((fraction * Double(n).squareRoot()).rounded(.up)), cap) }
        }

        /// `min(⌈0.1 n⌉, 25)`, Optuna's default.
        public static let `default` = linear(0.1, cap: 25)

        /// The size of the good set for `n` ranked trials.
        public func callAsFunction(_ n: Int) -> Int { min(max(rule(n), 0), n) }
    }

    /// How the trials of each set are weighted, from the oldest to the newest.
    public enum Weighting: Sendable, Hashable {
        /// Every trial weighs 1.
        case uniform
        /// The `recent` newest trials weigh 1; older ones weigh linearly less, from `1/m` for the
        /// oldest of `m` trials up to 1.
        case decayOld(recent: Int)

        /// Optuna's default: `.decayOld(recent: 25)`.
        public static let `default` = Weighting.decayOld(recent: 25)

        /// The weights of `count` trials, oldest first.
        ///
        /// - Complexity: O(count).
        public func weights(count: Int) -> [Double] {
            guard case .decayOld(let recent) = self, count > recent, count > 1 else {
                return [Double](repeating: 1, count: count)
            }
            let ramp = count - recent
            var weights = [Double](repeating: 1, count: count)
            let start = 1 / Double(count)
            if ramp == 1 {
                weights[0] = start
            } else {
                for index in 0..<ramp { weights[index] = start + (1 - start) * Double(index) / Double(ramp - 1) }
            }
            return weights
        }
    }

    /// How kernel bandwidths are chosen (then kept between the floor and the range).
    public enum Bandwidth: Sendable, Hashable {
        /// Scott's rule in each dimension: `1.059 · min(sd, IQR/1.34) · n^(-1/(d+4))`, adapting to
        /// how spread out the set is.
        case scott
        /// `0.2 · n^(-1/(d+4)) · range` for every kernel (Optuna's multivariate magnitude).
        case fixedMagnitude
        /// The larger gap to a neighbouring kernel (Optuna's univariate rule, from Hyperopt).
        case neighbours
    }

    /// The options of a ``TPESampler``; the defaults are the recommended ones.
    public struct Configuration: Sendable {
        /// Trials sampled at random before modelling starts (complete and pruned trials count).
        public var startupTrials = 10
        /// Points drawn from `l(x)` per suggestion, of which the best is kept.
        public var candidates = 24
        /// Model the parameters jointly (`true`) or each on its own.
        public var multivariate = true
        /// In multivariate mode, model jointly each group of parameters that always appear together
        /// (define-by-run spaces), rather than only the parameters every trial has.
        public var group = true
        /// Count running trials as bad at their known values, so parallel workers spread out.
        public var constantLiar = true
        /// The size of the good set.
        public var gamma = Gamma.default
        /// The weights of the trials within each set.
        public var weighting = Weighting.default
        /// The weight of the prior component, relative to one trial's.
        public var priorWeight = 1.0
        /// How numeric bandwidths are chosen, before the floors below and the ceiling of the range.
        public var bandwidth = Bandwidth.neighbours
        /// Numeric bandwidths are at least `range · max(minimumBandwidthFactor, (n + 2)^-exponent)`
        /// for a set of n trials, with the exponent below for each set.
        public var minimumBandwidthFactor = 0.01
        /// The exponent of the floor for the good set's kernels: 1.5 lets them narrow faster than
        /// the bad set's as good trials accumulate (more exploitation where it pays; see
        /// `Docs/Samplers.md`).
        public var goodBandwidthExponent = 1.5
        /// The exponent of the floor for the bad set's kernels (1: Optuna's "magic clip").
        public var badBandwidthExponent = 1.0
        /// In int and step parameters, kernels are at least this many grid steps wide, so a good
        /// trial always lends some weight to its neighbours on the grid.
        public var minimumDiscreteBandwidth = 1.0
        /// Categorical kernels put `(1 + a) / (1 + k a)` on their observed choice of k and
        /// `a / (1 + k a)` on each other, with `a = categoricalSmoothing · priorWeight / (n + 1)`
        /// for n trials; 3 keeps more exploration across choices (and across the branches of a
        /// conditional space) than Optuna's 1.
        public var categoricalSmoothing = 3.0
        /// The bad set keeps at most this many trials, the most recent ones (`nil`: all of them).
        ///
        /// Bounds the cost of a suggestion whatever the number of trials. Old bad trials carry
        /// little weight by default (``weighting``) and say where the search has already been; the
        /// recent ones say where it is now. Measured in `Docs/Benchmarks.md`.
        public var badTrialWindow: Int? = 50
        /// In a finite joint space, avoid configurations already evaluated or running while unseen
        /// ones remain.
        public var avoidDuplicates = true

        /// The recommended configuration.
        public init() {}
    }

    /// The seed of every trial's stream.
    public let seed: UInt64
    /// The options.
    public let configuration: Configuration

    private let settings: SettingsCheck
    private let cache = TPECache()

    /// Creates a TPE sampler with the commonly changed options.
    ///
    /// - Parameters:
    ///   - seed: the seed; `nil` draws one from the system's entropy source.
    ///   - startupTrials: random trials before modelling starts (>= 0).
    ///   - candidates: points drawn from `l(x)` per suggestion (>= 1).
    ///   - multivariate: model the parameters jointly.
    ///   - group: in multivariate mode, model jointly the groups of parameters that appear together.
    ///   - constantLiar: count running trials as bad, for parallel workers.
    ///
    /// An invalid option is reported as a ``HyperTuneCore/SettingError`` by ``validate()``, which `Study.create`
    /// calls, and by every sampling call.
    public init(
        seed: Int? = nil, startupTrials: Int = 10, candidates: Int = 24, multivariate: Bool = true, group: Bool = true,
        constantLiar: Bool = true
    ) {
        var configuration = Configuration()
        configuration.startupTrials = startupTrials
        configuration.candidates = candidates
        configuration.multivariate = multivariate
        configuration.group = group
        configuration.constantLiar = constantLiar
        self.init(seed: seed, configuration: configuration)
    }

    /// Creates a TPE sampler with every option.
    ///
    /// - Parameters:
    ///   - seed: the seed; `nil` draws one from the system's entropy source.
    ///   - configuration: the options.
    ///
    /// An invalid option is reported as a ``HyperTuneCore/SettingError`` by ``validate()``, which `Study.create`
    /// calls, and by every sampling call.
    public init(seed: Int? = nil, configuration: Configuration) {
        self.seed = SeededGenerator.samplerSeed(seed)
        self.configuration = configuration
        settings = Self.check(configuration)
    }

    private static func check(_ c: Configuration) -> SettingsCheck {
        var check = SettingsCheck("TPESampler")
        check.atLeast("startupTrials", c.startupTrials, 0)
        check.atLeast("candidates", c.candidates, 1)
        check.require(c.priorWeight > 0 && c.priorWeight.isFinite, "priorWeight", c.priorWeight, "must be finite and > 0")
        check.require(
            c.minimumBandwidthFactor > 0 && c.minimumBandwidthFactor <= 1, "minimumBandwidthFactor", c.minimumBandwidthFactor,
            "must be in (0, 1]")
        for (name, value) in [
            ("goodBandwidthExponent", c.goodBandwidthExponent), ("badBandwidthExponent", c.badBandwidthExponent),
            ("minimumDiscreteBandwidth", c.minimumDiscreteBandwidth),
        ] {
            check.require(value >= 0 && value.isFinite, name, value, "must be finite and >= 0")
        }
        check.require(
            c.categoricalSmoothing > 0 && c.categoricalSmoothing.isFinite, "categoricalSmoothing", c.categoricalSmoothing,
            "must be finite and > 0")
        check.atLeast("badTrialWindow", c.badTrialWindow, 1)
        if case .decayOld(let recent) = c.weighting {
            check.require(recent >= 0, "weighting", c.weighting, "needs recent >= 0 in .decayOld(recent:)")
        }
        return check
    }

    // MARK: Sampler

    /// Throws the first invalid option of the configuration, if any (`Study.create` calls it).
    ///
    /// - Throws: ``HyperTuneCore/SettingError`` naming the option and its value.
    public func validate() throws {
        try settings.validate()
    }

    /// Starts a trial, or reports an invalid configuration.
    ///
    /// - Throws: ``HyperTuneCore/SettingError`` naming the invalid option.
    public func planTrial(in study: StudySnapshot) throws -> TrialPlan {
        try settings.validate()
        return .start(NewTrial())
    }

    /// In multivariate mode, the parameters modelled jointly (the groups, or the intersection of
    /// every ranked trial's parameters), without single-valued ones. During the startup trials,
    /// only the finite ones (every parameter discrete), so that random startup trials do not repeat
    /// a configuration either.
    ///
    /// - Complexity: amortized O(k d + log n) for k trials finished since the last call.
    public func relativeSearchSpace(in study: StudySnapshot, for trial: TrialRecord) -> SearchSpace {
        guard configuration.multivariate, settings.isValid else { return SearchSpace() }
        return cache.withCurrentState(of: study, configuration: configuration) { state in
            var union = SearchSpace()
            for subspace in activeSubspaces(state) {
                for (name, distribution) in subspace { union.set(name, distribution) }
            }
            return union
        }
    }

    /// The joint subspaces to sample now: all of them after the startup trials, the finite ones
    /// during startup when duplicates are avoided.
    /// Parameters wider than the largest `Double` are left out (drawn uniformly).
    private func activeSubspaces(_ state: TPEHistoryState) -> [SearchSpace] {
        let subspaces = state.jointSubspaces().compactMap { subspace -> SearchSpace? in
            guard subspace.contains(where: { !$0.1.isModellable }) else { return subspace }
            var kept = SearchSpace()
            for (name, distribution) in subspace where distribution.isModellable { kept.set(name, distribution) }
            return kept.isEmpty ? nil : kept
        }
        guard state.entries.count < configuration.startupTrials else { return subspaces }
        guard configuration.avoidDuplicates else { return [] }
        return subspaces.filter { SubspaceRows.configurationCount(of: $0.distributions.map(TPEDimension.init)) != nil }
    }

    /// Samples each joint subspace (group) of `searchSpace` with a multivariate TPE step (during
    /// the startup trials: a random configuration not yet seen).
    ///
    /// - Throws: ``HyperTuneCore/SettingError`` for an invalid configuration.
    /// - Complexity: O(C (γ + w) d) plus the catching up of ``relativeSearchSpace(in:for:)``.
    public func sampleRelative(
        in study: StudySnapshot, for trial: TrialRecord, searchSpace: SearchSpace, using generator: inout SeededGenerator
    ) throws -> [String: Double] {
        try settings.validate()
        guard !searchSpace.isEmpty else { return [:] }
        let (requests, startup) = cache.withCurrentState(of: study, configuration: configuration) {
            state -> ([JointRequest], Bool) in
            var subspaces: [SearchSpace] = []
            for subspace in activeSubspaces(state) {
                var inside = SearchSpace()
                for (name, distribution) in subspace where searchSpace[name] == distribution { inside.set(name, distribution) }
                if !inside.isEmpty { subspaces.append(inside) }
            }
            let startup = state.entries.count < configuration.startupTrials
            let requests = subspaces.map {
                gatherJoint(state: &state, subspace: $0, study: study, trial: trial, observations: !startup)
            }
            state.retainSubspaces(subspaces)
            return (requests, startup)
        }
        var result: [String: Double] = [:]
        for request in requests {
            let dimensions = request.observations.dimensions
            let values: [Double]
            if startup {
                values =
                    request.seen.flatMap { TPEStep.configuration(unseenDrawnFrom: $0, dimensions: dimensions, using: &generator) }
                    ?? dimensions.map { $0.distribution.uniformInternalValue(using: &generator) }
            } else {
                let settings = stepSettings(jointDimensions: request.space.count)
                values = TPEStep.choose(request.observations, settings: settings, seen: request.seen, using: &generator)
            }
            for (index, name) in request.space.names.enumerated() { result[name] = values[index] }
        }
        return result
    }

    /// A value for one parameter: uniform during the startup trials, else a univariate TPE step
    /// over the trials that hold the parameter with the same distribution.
    ///
    /// - Throws: ``HyperTuneCore/SettingError`` for an invalid configuration.
    /// - Complexity: O(C (γ + w)) plus O(log n + k d) to catch up.
    public func sampleIndependent(
        in study: StudySnapshot, for trial: TrialRecord, name: String, distribution: Distribution,
        using generator: inout SeededGenerator
    ) throws -> Double {
        try settings.validate()
        guard distribution.isModellable else { return distribution.uniformInternalValue(using: &generator) }
        let observations = cache.withState(of: study, configuration: configuration) { state, prefix -> TPEObservations? in
            gatherIndependent(state: &state, prefix: prefix, name: name, distribution: distribution, study: study, trial: trial)
        }
        guard let observations else { return distribution.uniformInternalValue(using: &generator) }
        return TPEStep.choose(observations, settings: stepSettings(jointDimensions: 1), seen: nil, using: &generator)[0]
    }

    // MARK: Gathering observations

    private struct JointRequest {
        var space: SearchSpace
        var observations: TPEObservations
        var seen: SeenConfigurations?
    }

    private func stepSettings(jointDimensions: Int) -> TPEStep.Settings {
        let rule: BandwidthRule =
            switch configuration.bandwidth {
            case .scott: .scott
            case .fixedMagnitude: .fixedMagnitude
            case .neighbours: .neighbours
            }
        let below = ParzenEstimator.Parameters(
            priorWeight: configuration.priorWeight, bandwidth: rule, minimumBandwidthFactor: configuration.minimumBandwidthFactor,
            bandwidthExponent: configuration.goodBandwidthExponent, minimumDiscreteBandwidth: configuration.minimumDiscreteBandwidth,
            categoricalSmoothing: configuration.categoricalSmoothing, jointDimensions: jointDimensions)
        var above = below
        above.bandwidthExponent = configuration.badBandwidthExponent
        return TPEStep.Settings(below: below, above: above, candidates: configuration.candidates, weighting: configuration.weighting)
    }

    /// The running trials other than `trial`, when constant liar is on.
    private func liars(in study: StudySnapshot, excluding trial: TrialRecord) -> [TrialRecord] {
        guard configuration.constantLiar else { return [] }
        return study.unfinished.filter { $0.state == .running && $0.number != trial.number }
    }

    /// The observations (when `observations`) and the seen configurations of one subspace.
    private func gatherJoint(
        state: inout TPEHistoryState, subspace: SearchSpace, study: StudySnapshot, trial: TrialRecord, observations gather: Bool
    ) -> JointRequest {
        state.catchUpRows(of: subspace, history: study.finished)
        let rows = state.subspaces[subspace]!
        let running = liars(in: study, excluding: trial)
        var observations = TPEObservations(dimensions: rows.dimensions)
        if gather {
            gatherObservations(state: state, rows: rows, running: running, history: study.finished, into: &observations)
        }
        var seen: SeenConfigurations?
        if configuration.avoidDuplicates, let total = rows.configurationCount {
            var pendingKeys = Set<Int>()
            // Running and waiting trials: their configuration is being evaluated or will be.
            for other in study.unfinished where other.number != trial.number {
                if let values = rows.knownInternalValues(of: other) { pendingKeys.insert(rows.key(ofInternal: values)) }
            }
            seen = SeenConfigurations(finished: rows.seen, pending: pendingKeys, total: total)
        }
        return JointRequest(space: subspace, observations: observations, seen: seen)
    }

    private func gatherObservations(
        state: TPEHistoryState, rows: SubspaceRows, running: [TrialRecord], history: TrialHistory, into observations: inout TPEObservations
    ) {
        let d = rows.dimensions.count
        let n = state.entries.count + running.count
        let good = state.best(configuration.gamma(n), entryCount: state.entries.count, history: history).sorted()
        let members = rows.members
        var goodMembers = Set<Int>()
        for entryIndex in good {
            guard let row = members.sortedIndex(of: entryIndex) else { continue }
            goodMembers.insert(row)
            observations.appendGood(rows.rows[(row * d)..<((row + 1) * d)])
        }
        var bad: [Int] = []
        let window = configuration.badTrialWindow ?? Int.max
        var row = members.count - 1
        while row >= 0 && bad.count < window {
            if !goodMembers.contains(row) { bad.append(row) }
            row -= 1
        }
        for row in bad.reversed() { observations.appendBad(rows.rows[(row * d)..<((row + 1) * d)]) }
        for other in running {
            guard let values = rows.knownInternalValues(of: other) else { continue }
            observations.appendBad(values.enumerated().map { rows.dimensions[$0.offset].transform($0.element) })
        }
    }

    private func gatherIndependent(
        state: inout TPEHistoryState, prefix: Int, name: String, distribution: Distribution, study: StudySnapshot, trial: TrialRecord
    ) -> TPEObservations? {
        let entryCount = state.entryCount(prefix: prefix)
        guard entryCount >= configuration.startupTrials, !distribution.isSingleton else { return nil }
        let history = study.finished
        let dimension = TPEDimension(distribution)
        let running = liars(in: study, excluding: trial)
        let n = entryCount + running.count
        let good = state.best(configuration.gamma(n), entryCount: entryCount, history: history).sorted()
        var observations = TPEObservations(dimensions: [dimension])
        func coordinate(_ entryIndex: Int) -> Double? {
            guard let parameter = history[state.entries[entryIndex].position].parameters[name],
                parameter.distribution == distribution
            else { return nil }
            return dimension.transform(parameter.internalValue)
        }
        for entryIndex in good {
            if let value = coordinate(entryIndex) { observations.appendGood(CollectionOfOne(value)) }
        }
        let goodSet = Set(good)
        let holders = state.holders(of: name, history: history)
        // An older snapshot holds only the entries before `entryCount`.
        let end = entryCount < state.entries.count ? holders.partitioningIndex { $0 >= entryCount } : holders.count
        var bad: [Double] = []
        let window = configuration.badTrialWindow ?? Int.max
        var index = end - 1
        while index >= 0 && bad.count < window {
            let entryIndex = holders[index]
            index -= 1
            if goodSet.contains(entryIndex) { continue }
            if let value = coordinate(entryIndex) { bad.append(value) }
        }
        for value in bad.reversed() { observations.appendBad(CollectionOfOne(value)) }
        for other in running {
            if let parameter = other.parameters[name] {
                if parameter.distribution == distribution {
                    observations.appendBad(CollectionOfOne(dimension.transform(parameter.internalValue)))
                }
            } else if let planned = other.relativeParams[name], distribution.contains(internal: planned) {
                observations.appendBad(CollectionOfOne(dimension.transform(planned)))
            }
        }
        return observations
    }
}

/// The sampler's memory between suggestions: the folded state of the last history it saw.
///
/// A final class held by the (value-type) sampler so that copies share it; the state sits in a
/// ``FoldCache``.
final class TPECache: Sendable {
    private let folds = FoldCache<TPEHistoryState>()

    /// Runs `body` on the state folded up to `study.finished` exactly: the cached one when it can
    /// be brought there (same history, not ahead of it), otherwise a fresh one (kept when the
    /// history is new or longer, thrown away when it is an older snapshot of the cached history).
    func withCurrentState<Result>(
        of study: StudySnapshot, configuration: TPESampler.Configuration, _ body: (inout TPEHistoryState) -> Result
    ) -> Result {
        folds.withState(of: study.finished, ifAhead: .foldAside, fresh: { Self.fresh(for: study, configuration: configuration) }, body)
    }

    /// Runs `body` on a state folded at least up to `study.finished`, with the prefix length to
    /// query: an older snapshot of the cached history is answered from the cached state.
    func withState<Result>(
        of study: StudySnapshot, configuration: TPESampler.Configuration, _ body: (inout TPEHistoryState, Int) -> Result
    ) -> Result {
        let prefix = study.finished.count
        return folds.withState(of: study.finished, ifAhead: .useCached, fresh: { Self.fresh(for: study, configuration: configuration) }) {
            body(&$0, prefix)
        }
    }

    private static func fresh(for study: StudySnapshot, configuration: TPESampler.Configuration) -> TPEHistoryState {
        TPEHistoryState(
            lineage: study.finished.lineage, directions: study.directions,
            groupDecomposition: configuration.multivariate && configuration.group)
    }
}
