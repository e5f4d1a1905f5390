import HyperTuneCore
import HyperTuneNumerics

/// Maximizes log expected improvement over the model's input space.
///
/// 1. Score many candidates at once: a scrambled Sobol' set covering the cube, plus a quarter as
///    many Gaussian perturbations of the best observed points (sharp optima are found by polishing
///    near the incumbent as much as by global coverage); every candidate is rounded to the grid of
///    its discrete coordinates first. One batched posterior evaluation scores them all.
/// 2. Polish the best few, half from each set: L-BFGS with bounds on the continuous coordinates (analytic gradient of
///    log EI through the posterior mean and variance), alternating with exhaustive or neighbouring
///    moves on grid and categorical coordinates, until neither improves.
///
/// Everything is seeded by the trial's generator.
struct GPAcquisition {
    /// The model, conditioned on observed (and believed pending) points.
    let model: GaussianProcess
    /// The input encoding.
    let space: GPInputSpace
    /// The lowest standardized target observed (minimization).
    let incumbent: Double

    /// The floor of the latent variance, relative to the prior variance, below which a point is
    /// treated as known.
    static let varianceFloor = 1e-12

    /// log EI of a posterior `N(mean, variance)` against the incumbent.
    func logEI(mean: Double, variance: Double) -> Double {
        let sigma = max(variance, Self.varianceFloor * model.priorVariance).squareRoot()
        return Elementary.log(sigma) + LogExpectedImprovement.logH((incumbent - mean) / sigma)
    }

    /// log EI at `m` points (row-major).
    ///
    /// - Complexity: O(m (n d + n²/2)).
    func logEI(at points: [Double]) -> [Double] {
        let (means, variances) = model.posterior(at: points)
        return zip(means, variances).map { logEI(mean: $0, variance: $1) }
    }

    /// log EI at `point` and its gradient along the `free` coordinates.
    ///
    /// - Complexity: O(n d + n²).
    func logEIWithGradient(at point: [Double], free: [Bool]) -> (value: Double, gradient: [Double]) {
        var (mean, variance, meanGradient, varianceGradient) = model.posteriorWithGradient(at: point, free: free)
        let floor = Self.varianceFloor * model.priorVariance
        if variance < floor {
            variance = floor
            for j in varianceGradient.indices { varianceGradient[j] = 0 }
        }
        let sigma = variance.squareRoot()
        let z = (incumbent - mean) / sigma
        let (logH, ratio) = LogExpectedImprovement.logHAndDerivative(z)
        var gradient = [Double](repeating: 0, count: point.count)
        for j in gradient.indices where free[j] {
            let sigmaGradient = varianceGradient[j] / (2 * sigma)
            let zGradient = (-meanGradient[j] - z * sigmaGradient) / sigma
            gradient[j] = sigmaGradient / sigma + ratio * zGradient
        }
        return (Elementary.log(sigma) + logH, gradient)
    }

    /// The point (model coordinates, rounded) with the highest log EI found, and its value.
    ///
    /// - Parameters:
    ///   - candidates: the number of Sobol' candidates (rounded up to a power of two).
    ///   - starts: how many of the best candidates are polished.
    ///   - bestPoints: observed points to perturb, best first (row-major).
    /// - Complexity: O((candidates + starts × iterations) × (n d + n²)).
    func maximize(
        candidates: Int, starts: Int, bestPoints: [Double], using generator: inout SeededGenerator
    ) -> (point: [Double], value: Double) {
        let d = space.dimension
        var count = 1
        while count < max(candidates, 1) { count <<= 1 }
        var points: [Double]
        if d <= Sobol.maxDimension {
            points = Sobol(dimension: d, scrambledWith: &generator).points(count: count)
        } else {
            points = (0..<(count * d)).map { _ in generator.nextDouble() }
        }
        for k in 0..<count {
            for j in 0..<d { points[k * d + j] = space.fromUnit(points[k * d + j], at: j) }
        }
        let anchors = bestPoints.count / d
        if anchors > 0 {
            let local = max(count / 4, 1)
            for _ in 0..<local {
                let anchor = generator.nextInt(below: anchors)
                for j in 0..<d {
                    let u = bestPoints[anchor * d + j]
                    switch space.kinds[j] {
                    case .categorical(let choices):
                        if generator.nextBool(probability: 1 / Double(max(d, 2))) {
                            points.append(Double(generator.nextInt(below: choices)))
                        } else {
                            points.append(u)
                        }
                    case .continuous, .discrete:
                        let scale = generator.nextBool() ? 0.02 : 0.1
                        // Irwin-Hall: the sum of four uniforms, centred and scaled to unit
                        // variance, a cheap bell-shaped step.
                        var sum = -2.0
                        for _ in 0..<4 { sum += generator.nextDouble() }
                        let step = scale * 1.7320508075688772 * sum
                        points.append(space.rounded(u + step, at: j))
                    }
                }
            }
        }
        let scores = logEI(at: points)
        let total = scores.count
        // Starts for polishing, distinct: the best of the Sobol' set (half of them) and the best
        // of the local set (the other half). Taking them from both keeps the local search from
        // spending every start in the incumbent's basin when another basin scores nearly as well.
        let order = (0..<total).sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
        var chosen: [[Double]] = []
        let globalStarts = anchors > 0 ? (max(starts, 1) + 1) / 2 : max(starts, 1)
        for (quota, isGlobal) in [(globalStarts, true), (max(starts, 1), false)] {
            for index in order where chosen.count < quota && (index < count) == isGlobal {
                let point = Array(points[(index * d)..<((index + 1) * d)])
                if !chosen.contains(point) { chosen.append(point) }
            }
        }
        var bestPoint = chosen[0]
        var bestValue = -Double.infinity
        for start in chosen {
            let (point, value) = polish(start)
            if value > bestValue {
                bestValue = value
                bestPoint = point
            }
        }
        return (bestPoint, bestValue)
    }

    /// Local search from `start`: L-BFGS on continuous coordinates alternating with coordinate
    /// sweeps over the discrete and categorical ones (at most two per round), until a round
    /// improves nothing (at most 3 rounds).
    func polish(_ start: [Double]) -> (point: [Double], value: Double) {
        let d = space.dimension
        let free = space.kinds.map { $0 == .continuous }
        let hasContinuous = free.contains(true)
        var point = start
        var value = logEI(at: point)[0]
        for _ in 0..<3 {
            let before = value
            if hasContinuous {
                var lower = point
                var upper = point
                for j in 0..<d where free[j] {
                    lower[j] = 0
                    upper[j] = 1
                }
                var configuration = LBFGS.Configuration()
                configuration.maxIterations = 50
                configuration.maxEvaluations = 150
                configuration.gradientTolerance = 1e-5
                configuration.relativeFunctionTolerance = 1e-10
                let result = LBFGS.minimize(from: point, lower: lower, upper: upper, configuration: configuration) { x, gradient in
                    let (v, g) = logEIWithGradient(at: x, free: free)
                    for j in 0..<d { gradient[j] = -g[j] }
                    return -v
                }
                if result.value.isFinite, -result.value > value {
                    point = result.point
                    value = -result.value
                }
            }
            if space.hasDiscrete {
                // Coordinate sweeps: each grid or categorical coordinate in turn tries its moves
                // (one batch), keeping the best if it improves; at most two sweeps per round.
                for _ in 0..<2 {
                    var improved = false
                    for j in 0..<d where !free[j] {
                        let options = space.moves(from: point[j], at: j)
                        guard !options.isEmpty else { continue }
                        var batch: [Double] = []
                        batch.reserveCapacity(options.count * d)
                        for option in options {
                            var moved = point
                            moved[j] = option
                            batch += moved
                        }
                        let scores = logEI(at: batch)
                        var bestMove = -1
                        for k in scores.indices where scores[k] > value && (bestMove < 0 || scores[k] > scores[bestMove]) {
                            bestMove = k
                        }
                        if bestMove >= 0 {
                            value = scores[bestMove]
                            point[j] = options[bestMove]
                            improved = true
                        }
                    }
                    if !improved { break }
                }
            }
            if !(value > before) || !space.hasDiscrete || !hasContinuous { break }
        }
        return (point, value)
    }
}

extension GPInputSpace {
    /// The coordinates a local search tries for a grid or categorical coordinate `u` (excluding `u`):
    /// every choice of a categorical or of a grid of at most 16 values; otherwise the neighbouring
    /// grid values and those a few percent of the range away.
    func moves(from u: Double, at index: Int) -> [Double] {
        switch kinds[index] {
        case .continuous:
            return []
        case .categorical(let count):
            return (0..<count).map(Double.init).filter { $0 != u }
        case .discrete(let count):
            if count <= 16 {
                return gridCoordinates(at: index).filter { $0 != u }
            }
            var result: [Double] = []
            let cell = 1 / Double(count)
            for delta in [-0.25, -0.1, -0.04, -cell, cell, 0.04, 0.1, 0.25] {
                let moved = rounded(u + delta, at: index)
                if moved != u, !result.contains(moved) { result.append(moved) }
            }
            return result
        }
    }
}
