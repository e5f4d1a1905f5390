import HyperTuneCore
import HyperTuneNumerics

/// One TPE step: build l(x) from the good observations and g(x) from the bad ones, draw candidates
/// from l, and keep the one with the largest `log l(x) - log g(x)`.
enum TPEStep {
    struct Settings: Sendable {
        /// How to build l(x), from the good observations.
        var below: ParzenEstimator.Parameters
        /// How to build g(x), from the bad observations.
        var above: ParzenEstimator.Parameters
        var candidates: Int
        var weighting: TPESampler.Weighting
    }

    /// The chosen point's internal values, in the order of `observations.dimensions`.
    ///
    /// With `seen`, the best candidate not yet seen is chosen; when every candidate has been seen,
    /// an unseen configuration drawn at random (see ``configuration(unseenDrawnFrom:dimensions:using:)``);
    /// when every configuration has been seen, the best candidate.
    ///
    /// - Complexity: O(C (n_l + n_g) d) for C candidates and n_l, n_g observations, plus O(n log n)
    ///   to build the estimators.
    static func choose(
        _ observations: TPEObservations, settings: Settings, seen: SeenConfigurations?, using generator: inout SeededGenerator
    ) -> [Double] {
        let dimensions = observations.dimensions
        let below = ParzenEstimator(
            observations: observations.good, weights: settings.weighting.weights(count: observations.goodCount),
            dimensions: dimensions, parameters: settings.below)
        let above = ParzenEstimator(
            observations: observations.bad, weights: settings.weighting.weights(count: observations.badCount),
            dimensions: dimensions, parameters: settings.above)
        var batch = CandidateBatch()
        below.sample(count: settings.candidates, dimensions: dimensions, into: &batch, using: &generator)
        var workspace = ScoringWorkspace()
        var logBelow: [Double] = []
        var logAbove: [Double] = []
        below.logDensities(of: batch, into: &logBelow, workspace: &workspace)
        above.logDensities(of: batch, into: &logAbove, workspace: &workspace)
        var scores = [Double](repeating: 0, count: batch.count)
        for index in 0..<batch.count { scores[index] = logBelow[index] - logAbove[index] }

        func values(of candidate: Int) -> [Double] {
            (0..<dimensions.count).map { batch.internalValue(candidate: candidate, dimension: $0) }
        }

        guard let seen, seen.seenCount < seen.total else {
            return values(of: argmax(scores))
        }
        // Best first, ties by draw order.
        let ranking = scores.indices.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
        for candidate in ranking {
            let internals = values(of: candidate)
            if !seen.contains(key(of: internals, dimensions: dimensions)) { return internals }
        }
        return configuration(unseenDrawnFrom: seen, dimensions: dimensions, using: &generator)!
    }

    private static func argmax(_ scores: [Double]) -> Int {
        var best = 0
        for index in scores.indices where scores[index] > scores[best] { best = index }
        return best
    }

    static func key(of internals: [Double], dimensions: [TPEDimension]) -> Int {
        var key = 0
        for (index, dimension) in dimensions.enumerated() {
            key = key * dimension.memberCount! + dimension.memberIndex(ofInternal: internals[index])
        }
        return key
    }

    /// A configuration not in `seen`, drawn as random search would draw it (each parameter from
    /// ``HyperTuneSearchSpace/Distribution/uniformInternalValue(using:)``) by rejection while that is likely to succeed
    /// (64 tries), else uniformly among the unseen keys by counting through them; `nil` when every
    /// configuration has been seen.
    ///
    /// - Complexity: O(64 d) expected, O(total) when almost every configuration has been seen.
    static func configuration(
        unseenDrawnFrom seen: SeenConfigurations, dimensions: [TPEDimension], using generator: inout SeededGenerator
    ) -> [Double]? {
        guard seen.seenCount < seen.total else { return nil }
        for _ in 0..<64 {
            let internals = dimensions.map { $0.distribution.uniformInternalValue(using: &generator) }
            if !seen.contains(key(of: internals, dimensions: dimensions)) { return internals }
        }
        var target = generator.nextInt(below: seen.total - seen.seenCount)
        var chosen = 0
        for key in 0..<seen.total where !seen.contains(key) {
            if target == 0 {
                chosen = key
                break
            }
            target -= 1
        }
        var result = [Double](repeating: 0, count: dimensions.count)
        for index in dimensions.indices.reversed() {
            let size = dimensions[index].memberCount!
            result[index] = dimensions[index].internalValue(ofMember: chosen % size)
            chosen /= size
        }
        return result
    }
}
