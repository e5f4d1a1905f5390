public import HyperTuneCore
import HyperTuneNumerics
public import HyperTuneSearchSpace

/// Quasi-Monte Carlo sampling: trials spread evenly over the search space, more evenly than random
/// ones, with no model.
///
/// ```swift
/// let study = try await Study.create(direction: .minimize, sampler: QMCSampler(seed: 1))
/// ```
///
/// The first trial is sampled independently and fixes the search space: its parameters (single-
/// valued ones aside). Every later trial takes one point of a low-discrepancy sequence over that
/// space: trial `k` takes point `k - f - 1`, with `f` the number of the first trial, so the first
/// 2^m points of the sequence are used in order and workers running at once take distinct points
/// without coordinating. Parameters outside the space (conditional or new ones) are sampled
/// independently and uniformly, as ``RandomSampler`` does.
///
/// A coordinate `u ∈ [0, 1)` maps to a float linearly (log floats in log space), to a grid point
/// or a categorical choice by equal cells, to a log int by the log-width of each integer's cell.
///
/// Sequences (``Sequence``): Sobol' (default; Joe and Kuo's direction numbers), scrambled by a
/// random linear matrix scramble and digital shift (Matoušek 1998; Owen 2003) seeded with the
/// sampler's seed; or Halton, scrambled by random digit permutations. Unscrambled sequences
/// start at the origin (every parameter at its lower bound) and are the same for every seed.
///
/// The "first trial" is the first trial to finish complete or pruned, in the order trials
/// finished, so the space is the same whenever the history is replayed (another process, a
/// journal).
///
/// - Complexity: per trial, O(d log k) for Sobol' point k in d dimensions (O(d · digits) for
///   Halton), plus O(d × 32²) once to scramble; the first trial is found once and cached.
public struct QMCSampler: SeededSampler {
    /// The low-discrepancy sequences a QMC sampler can follow.
    public enum Sequence: String, Sendable, Hashable, CaseIterable {
        /// Sobol' points (up to 1,024 dimensions; more are sampled at random).
        case sobol
        /// Halton points (prime bases; up to 1,024 dimensions, best in a few).
        case halton
    }

    /// The seed of the scramble and of the independent draws.
    public let seed: UInt64
    /// Whether the sequence is scrambled.
    public let scrambled: Bool
    /// The sequence.
    public let sequence: Sequence
    private let cache = QMCCache()

    /// Creates a QMC sampler.
    ///
    /// - Parameters:
    ///   - seed: the seed; `nil` draws one from the system's entropy source.
    ///   - scrambled: scramble the sequence with the seed (default `true`).
    ///   - sequence: the low-discrepancy sequence (default ``Sequence/sobol``).
    public init(seed: Int? = nil, scrambled: Bool = true, sequence: Sequence = .sobol) {
        self.seed = SeededGenerator.samplerSeed(seed)
        self.scrambled = scrambled
        self.sequence = sequence
    }

    /// The first finished (complete or pruned) trial's parameters, single-valued ones aside.
    ///
    /// - Complexity: amortized O(1) once the first trial is known.
    public func relativeSearchSpace(in study: StudySnapshot, for trial: TrialRecord) -> SearchSpace {
        cache.firstTrial(in: study.finished)?.space ?? SearchSpace()
    }

    /// Point `k - f - 1` of the sequence for trial `k` (`f`: the first trial's number), mapped onto
    /// `searchSpace`; nothing for a trial numbered before it.
    ///
    /// - Complexity: O(d log k).
    public func sampleRelative(
        in study: StudySnapshot, for trial: TrialRecord, searchSpace: SearchSpace,
        using generator: inout SeededGenerator
    ) throws -> [String: Double] {
        guard let first = cache.firstTrial(in: study.finished), !searchSpace.isEmpty else { return [:] }
        let index = trial.number - first.number - 1
        guard index >= 0 else { return [:] }
        let d = searchSpace.count
        let modelled = min(d, sequence == .sobol ? Sobol.maxDimension : Halton.maxDimension)
        var unit = cache.point(index, dimension: modelled, sampler: self)
        while unit.count < d { unit.append(generator.nextDouble()) }
        var result: [String: Double] = [:]
        for (position, (name, distribution)) in searchSpace.enumerated() {
            result[name] = Self.value(at: unit[position], in: distribution)
        }
        return result
    }

    /// The point of the sequence `index`, in `dimension` dimensions (for tests and benchmarks).
    ///
    /// - Complexity: O(dimension log index), plus the scramble's set-up on first use.
    package func unitPoint(_ index: Int, dimension: Int) -> [Double] {
        cache.point(index, dimension: dimension, sampler: self)
    }

    /// The member of `distribution` at unit coordinate `u`.
    static func value(at u: Double, in distribution: Distribution) -> Double {
        let u = min(max(u, 0), 1 - 0x1p-53)
        switch distribution {
        case .float(let d):
            if let count = d.gridCount { return d.gridValue(at: Int(u * Double(count))) }
            if d.log {
                let low = Elementary.log(d.low)
                let high = Elementary.log(d.high)
                return d.snapped(Elementary.exp(low + u * (high - low)))
            }
            return d.snapped(d.value(atFraction: u))
        case .int(let d):
            if d.log {
                let low = Elementary.log(Double(d.low) - 0.5)
                let high = Elementary.log(Double(d.high) + 0.5)
                return Double(d.snapped(Elementary.exp(low + u * (high - low))))
            }
            return Double(d.gridValue(at: Int(u * Double(d.gridCount))))
        case .categorical(let d):
            return Double(min(Int(u * Double(d.choices.count)), d.choices.count - 1))
        }
    }

    /// A fresh sequence generator in `dimension` dimensions.
    fileprivate func makeSequence(dimension: Int) -> QMCCache.Points {
        var scramble = SeededGenerator(seed: seed, stream: 0x9AC0_0000_0000_0000 | UInt64(dimension))
        switch (sequence, scrambled) {
        case (.sobol, true): return .sobol(Sobol(dimension: dimension, scrambledWith: &scramble))
        case (.sobol, false): return .sobol(Sobol(dimension: dimension))
        case (.halton, true): return .halton(Halton(dimension: dimension, scrambledWith: &scramble))
        case (.halton, false): return .halton(Halton(dimension: dimension))
        }
    }
}

/// What a QMC sampler keeps: the first trial of the history it saw, and the last sequence built.
private final class QMCCache: Sendable {
    enum Points: Sendable {
        case sobol(Sobol)
        case halton(Halton)

        func point(_ index: Int) -> [Double] {
            switch self {
            case .sobol(let s): s.point(index)
            case .halton(let h): h.point(index)
            }
        }
    }

    struct First: Sendable {
        var number: Int
        var space: SearchSpace
    }

    private struct State {
        var lineage: TrialHistory.Lineage?
        var folded = 0
        var first: First?
        var points: (dimension: Int, points: Points)?
    }

    private let state = Locked(State())

    func firstTrial(in history: TrialHistory) -> First? {
        state.withLock { state in
            if state.lineage != history.lineage || (state.first == nil && state.folded > history.count) {
                state.lineage = history.lineage
                state.folded = 0
                state.first = nil
            }
            if let first = state.first {
                // An older snapshot may not hold the first trial yet.
                return state.folded <= history.count ? first : Self.scan(history, upTo: history.count)
            }
            if let found = Self.scan(history, from: state.folded, upTo: history.count) {
                state.first = found
            }
            state.folded = history.count
            return state.first
        }
    }

    private static func scan(_ history: TrialHistory, from start: Int = 0, upTo end: Int) -> First? {
        for position in start..<end {
            let trial = history[position]
            guard trial.state == .complete || trial.state == .pruned else { continue }
            var space = SearchSpace()
            for (name, distribution) in trial.searchSpace where !distribution.isSingleton { space.set(name, distribution) }
            return First(number: trial.number, space: space)
        }
        return nil
    }

    func point(_ index: Int, dimension: Int, sampler: QMCSampler) -> [Double] {
        let points = state.withLock { state in
            if let cached = state.points, cached.dimension == dimension { return cached.points }
            let made = sampler.makeSequence(dimension: dimension)
            state.points = (dimension, made)
            return made
        }
        return points.point(index)
    }
}
