import HyperTuneCore
import HyperTuneNumerics

/// The CMA-ES search distribution in the unit cube and its update from one generation
/// (Hansen, "The CMA Evolution Strategy: A Tutorial", arXiv:1604.00772, 2016: the default
/// parameters and the update of Table 1 and Appendix A, with negative weights ("active" CMA)).
///
/// - Separable mode keeps a diagonal covariance with learning rates multiplied by `(n + 2) / 3`
///   (Ros and Hansen, "A Simple Modification in CMA-ES Achieving Linear Time and Space
///   Complexity", PPSN 2008): O(n) per sample and update instead of O(n²) and O(n³).
/// - Discrete coordinates get the margin correction of Hamano, Saito, Nomura and Shirakawa
///   ("CMA-ES with Margin: Lower-Bounding Marginal Probability for Mixed-Integer Black-Box
///   Optimization", GECCO 2022): after each update, a diagonal scaling `A` and the mean are
///   adjusted so that the marginal probability of leaving the mean's cell stays at least `α` on a
///   side with a neighbour (`α/2` on each side of an inner cell), `α = 1 / (n λ)`; a sample is
///   discretized at `m + A (x - m)` while the update uses `x` itself.
/// - Solutions that were not sampled from the current distribution (a startup trial, an enqueued
///   one, one sampled from an earlier generation by a parallel worker) are injected with their
///   step renormalized to Mahalanobis length at most `√n + 2n/(n+2)` (Hansen, "Injecting External
///   Solutions Into CMA-ES", arXiv:1110.4181, 2011).
struct CMAESCore: Sendable {
    let n: Int
    let lambda: Int
    let mu: Int
    let separable: Bool
    let weights: [Double]
    let muEff: Double
    let cSigma: Double
    let dSigma: Double
    let cc: Double
    let c1: Double
    let cMu: Double
    let chiN: Double
    let margin: Double
    let sigma0: Double
    let coordinates: [CMAESCoordinate]
    let discrete: [Int]

    private(set) var mean: [Double]
    private(set) var sigma: Double
    /// The covariance: `n × n` row-major, or its diagonal (separable).
    private(set) var covariance: [Double]
    /// Eigenvectors (columns, row-major) of the covariance; empty when separable.
    private(set) var basis: [Double]
    /// Square roots of the eigenvalues (or of the diagonal, separable).
    private(set) var scales: [Double]
    private var pathSigma: [Double]
    private var pathC: [Double]
    /// The margin scaling of each coordinate (1 on continuous ones).
    private(set) var marginScale: [Double]
    private(set) var generation = 0
    private var bestValues: [Double] = []

    /// A fresh distribution `N(mean, sigma² I)`.
    init(
        coordinates: [CMAESCoordinate], mean: [Double], sigma: Double, lambda: Int, separable: Bool, useMargin: Bool
    ) {
        let n = coordinates.count
        precondition(n >= 1 && mean.count == n && lambda >= 2)
        self.n = n
        self.lambda = lambda
        self.separable = separable
        self.coordinates = coordinates
        discrete = useMargin ? coordinates.indices.filter { coordinates[$0].isDiscrete } : []
        sigma0 = sigma
        let mu = lambda / 2
        self.mu = mu
        let nd = Double(n)
        var raw = (0..<lambda).map { Elementary.log((Double(lambda) + 1) / 2) - Elementary.log(Double($0 + 1)) }
        let positive = raw.prefix(mu).reduce(0, +)
        let positiveSquares = raw.prefix(mu).reduce(0) { $0 + $1 * $1 }
        let negative = raw.dropFirst(mu).reduce(0, +)
        let negativeSquares = raw.dropFirst(mu).reduce(0) { $0 + $1 * $1 }
        let muEff = positive * positive / positiveSquares
        let muEffMinus = negativeSquares > 0 ? negative * negative / negativeSquares : 0
        self.muEff = muEff
        var c1 = 2 / ((nd + 1.3) * (nd + 1.3) + muEff)
        var cMu = min(1 - c1, 2 * (muEff - 2 + 1 / muEff) / ((nd + 2) * (nd + 2) + muEff))
        if separable {
            c1 *= (nd + 2) / 3
            cMu = min(1 - c1, cMu * (nd + 2) / 3)
        }
        self.c1 = c1
        self.cMu = cMu
        let alphaMu = 1 + c1 / cMu
        let alphaMuEff = 1 + 2 * muEffMinus / (muEff + 2)
        let alphaPosDef = (1 - c1 - cMu) / (nd * cMu)
        let negativeScale = min(alphaMu, alphaMuEff, alphaPosDef) / max(-negative, .leastNormalMagnitude)
        for i in 0..<lambda {
            raw[i] = raw[i] >= 0 ? raw[i] / positive : raw[i] * negativeScale
        }
        weights = raw
        cSigma = (muEff + 2) / (nd + muEff + 5)
        dSigma = 1 + 2 * max(0, ((muEff - 1) / (nd + 1)).squareRoot() - 1) + cSigma
        cc = (4 + muEff / nd) / (nd + 4 + 2 * muEff / nd)
        chiN = nd.squareRoot() * (1 - 1 / (4 * nd) + 1 / (21 * nd * nd))
        margin = 1 / (nd * Double(lambda))
        self.mean = mean
        self.sigma = sigma
        if separable {
            covariance = [Double](repeating: 1, count: n)
            basis = []
        } else {
            var identity = [Double](repeating: 0, count: n * n)
            for i in 0..<n { identity[i * n + i] = 1 }
            covariance = identity
            basis = identity
        }
        scales = [Double](repeating: 1, count: n)
        pathSigma = [Double](repeating: 0, count: n)
        pathC = [Double](repeating: 0, count: n)
        marginScale = [Double](repeating: 1, count: n)
    }

    // MARK: Sampling

    /// `B D z` for a standard normal `z`.
    private func transform(_ z: [Double]) -> [Double] {
        if separable { return (0..<n).map { scales[$0] * z[$0] } }
        var y = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var sum = 0.0
            for k in 0..<n { sum += basis[i * n + k] * scales[k] * z[k] }
            y[i] = sum
        }
        return y
    }

    /// A sample `x ~ N(m, σ² C)` (raw, for the update) and the cube position to evaluate
    /// (discretized with the margin scaling). Continuous coordinates outside `[0, 1]` are
    /// resampled, up to 100 times, then clamped.
    ///
    /// - Complexity: O(n²) per draw (O(n) separable).
    func sample(using generator: inout SeededGenerator) -> (raw: [Double], position: [Double]) {
        var x: [Double] = []
        for attempt in 0...100 {
            let z = (0..<n).map { _ in RandomVariates.standardNormal(using: &generator) }
            let y = transform(z)
            x = (0..<n).map { mean[$0] + sigma * y[$0] }
            let feasible = (0..<n).allSatisfy { coordinates[$0].isDiscrete || (x[$0] >= 0 && x[$0] <= 1) }
            if feasible { break }
            if attempt == 100 {
                for i in 0..<n where !coordinates[i].isDiscrete { x[i] = min(max(x[i], 0), 1) }
            }
        }
        var position = x
        for i in discrete {
            let u = mean[i] + marginScale[i] * (x[i] - mean[i])
            let cell = coordinates[i].cell(at: u)
            position[i] = 0.5 * (coordinates[i].lowerEdge(of: cell) + coordinates[i].upperEdge(of: cell))
        }
        return (x, position)
    }

    // MARK: Update

    /// `C^{-1/2} v`.
    private func inverseRoot(_ v: [Double]) -> [Double] {
        if separable { return (0..<n).map { v[$0] / scales[$0] } }
        var t = [Double](repeating: 0, count: n)
        for k in 0..<n {
            var sum = 0.0
            for i in 0..<n { sum += basis[i * n + k] * v[i] }
            t[k] = sum / scales[k]
        }
        var result = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var sum = 0.0
            for k in 0..<n { sum += basis[i * n + k] * t[k] }
            result[i] = sum
        }
        return result
    }

    private static func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }

    /// One generation's update from exactly `lambda` solutions: `x` in the cube, `value` (lower is
    /// better), `injected` when `x` was not sampled from the current distribution.
    ///
    /// - Complexity: O(λ n²) plus the O(n³) eigen-decomposition (O(λ n) separable).
    mutating func tell(_ solutions: [(x: [Double], value: Double, injected: Bool)]) {
        precondition(solutions.count == lambda)
        let order = solutions.indices.sorted {
            solutions[$0].value < solutions[$1].value || (solutions[$0].value == solutions[$1].value && $0 < $1)
        }
        let clip = Double(n).squareRoot() + 2 * Double(n) / Double(n + 2)
        var steps: [[Double]] = []
        var whitened: [[Double]] = []
        for index in order {
            var y = (0..<n).map { (solutions[index].x[$0] - mean[$0]) / sigma }
            var w = inverseRoot(y)
            if solutions[index].injected {
                let length = Self.norm(w)
                if length > clip {
                    let factor = clip / length
                    y = y.map { $0 * factor }
                    w = w.map { $0 * factor }
                }
            }
            steps.append(y)
            whitened.append(w)
        }
        // Mean.
        var yw = [Double](repeating: 0, count: n)
        var zw = [Double](repeating: 0, count: n)
        for i in 0..<mu {
            for j in 0..<n {
                yw[j] += weights[i] * steps[i][j]
                zw[j] += weights[i] * whitened[i][j]
            }
        }
        for j in 0..<n { mean[j] += sigma * yw[j] }
        // Step size.
        let sigmaFactor = (cSigma * (2 - cSigma) * muEff).squareRoot()
        for j in 0..<n { pathSigma[j] = (1 - cSigma) * pathSigma[j] + sigmaFactor * zw[j] }
        let normSigma = Self.norm(pathSigma)
        generation += 1
        let hSigma: Double =
            normSigma / (1 - Elementary.pow(1 - cSigma, Double(2 * generation))).squareRoot() < (1.4 + 2 / Double(n + 1)) * chiN ? 1 : 0
        // Covariance.
        let cFactor = hSigma * (cc * (2 - cc) * muEff).squareRoot()
        for j in 0..<n { pathC[j] = (1 - cc) * pathC[j] + cFactor * yw[j] }
        let delta = (1 - hSigma) * cc * (2 - cc)
        let weightSum = weights.reduce(0, +)
        let decay = 1 + c1 * delta - c1 - cMu * weightSum
        var rankWeights = weights
        for i in 0..<lambda where weights[i] < 0 {
            let squared = whitened[i].reduce(0) { $0 + $1 * $1 }
            rankWeights[i] = squared > 0 ? weights[i] * Double(n) / squared : 0
        }
        if separable {
            for j in 0..<n {
                var rank = 0.0
                for i in 0..<lambda { rank += rankWeights[i] * steps[i][j] * steps[i][j] }
                covariance[j] = max(decay * covariance[j] + c1 * pathC[j] * pathC[j] + cMu * rank, 1e-300)
                scales[j] = covariance[j].squareRoot()
            }
        } else {
            for a in 0..<n {
                for b in 0...a {
                    var rank = 0.0
                    for i in 0..<lambda { rank += rankWeights[i] * steps[i][a] * steps[i][b] }
                    let value = decay * covariance[a * n + b] + c1 * pathC[a] * pathC[b] + cMu * rank
                    covariance[a * n + b] = value
                    covariance[b * n + a] = value
                }
            }
            let eigen = SymmetricEigen(covariance, n: n)
            basis = eigen.vectors
            scales = eigen.values.map { max($0, 1e-300).squareRoot() }
        }
        sigma *= Elementary.exp(min(1, (cSigma / dSigma) * (normSigma / chiN - 1)))
        sigma = min(sigma, 1e6)
        // Values for the stop test, best first.
        bestValues.append(solutions[order[0]].value)
        let history = 10 + Int((30 * Double(n) / Double(lambda)).rounded(.up))
        if bestValues.count > history { bestValues.removeFirst(bestValues.count - history) }
        lastRange = solutions[order[lambda - 1]].value - solutions[order[0]].value
        if !discrete.isEmpty { correctMargins() }
    }

    private var lastRange = Double.infinity

    /// The margin correction (see the type).
    private mutating func correctMargins() {
        let alpha = margin
        let q1 = SpecialFunctions.normalQuantile(1 - alpha)
        let qHalf = SpecialFunctions.normalQuantile(1 - alpha / 2)
        for j in discrete {
            let coordinate = coordinates[j]
            let count = coordinate.cellCount
            guard count >= 2 else { continue }
            let root = separable ? scales[j] : covariance[j * n + j].squareRoot()
            let s = sigma * marginScale[j] * root
            guard s > 0, s.isFinite else { continue }
            let cell = coordinate.cell(at: mean[j])
            let m = mean[j]
            if cell == 0 || cell == count - 1 {
                // One neighbour: keep probability alpha of crossing to it, by moving the mean.
                if cell == 0 {
                    let edge = coordinate.upperEdge(of: 0)
                    if 1 - SpecialFunctions.normalCDF((edge - m) / s) < alpha { mean[j] = edge - s * q1 }
                } else {
                    let edge = coordinate.lowerEdge(of: cell)
                    if SpecialFunctions.normalCDF((edge - m) / s) < alpha { mean[j] = edge + s * q1 }
                }
                continue
            }
            let low = coordinate.lowerEdge(of: cell)
            let high = coordinate.upperEdge(of: cell)
            let pLow = SpecialFunctions.normalCDF((low - m) / s)
            let pHigh = 1 - SpecialFunctions.normalCDF((high - m) / s)
            guard pLow < alpha / 2 || pHigh < alpha / 2 else { continue }
            // Lift the smaller side(s) to alpha/2, the mass coming from the mean's own cell, and
            // solve for the mean and scale that give those two tail probabilities.
            let qLow = pLow < alpha / 2 ? qHalf : SpecialFunctions.normalQuantile(1 - pLow)
            let qHigh = pHigh < alpha / 2 ? qHalf : SpecialFunctions.normalQuantile(1 - pHigh)
            let scale = (high - low) / (qLow + qHigh)
            mean[j] = (low * qHigh + high * qLow) / (qLow + qHigh)
            marginScale[j] = scale / (sigma * root)
        }
    }

    /// Whether the run has converged or degenerated and should restart (the termination criteria
    /// of Hansen's tutorial, Appendix B.3: TolFun, TolX, TolXUp, NoEffectAxis, NoEffectCoord,
    /// ConditionCov).
    var shouldStop: Bool {
        let history = 10 + Int((30 * Double(n) / Double(lambda)).rounded(.up))
        if bestValues.count >= history, let low = bestValues.min(), let high = bestValues.max(), high - low < 1e-12,
            lastRange < 1e-12
        {
            return true
        }
        let tolX = 1e-12 * sigma0
        var small = true
        for j in 0..<n {
            let root = separable ? scales[j] : covariance[j * n + j].squareRoot()
            if sigma * root >= tolX || sigma * abs(pathC[j]) >= tolX { small = false }
            if mean[j] == mean[j] + 0.2 * sigma * root { return true }  // NoEffectCoord
        }
        if small { return true }
        if let largest = scales.max(), sigma * largest > 1e4 * sigma0 { return true }  // TolXUp
        if let largest = scales.max(), let smallest = scales.min(), smallest <= 0 || largest / smallest > 1e7 { return true }
        // NoEffectAxis: a tenth of a standard deviation along one principal axis changes nothing.
        let axis = generation % n
        var unchanged = true
        for i in 0..<n {
            let direction = separable ? (i == axis ? scales[axis] : 0) : basis[i * n + axis] * scales[axis]
            if mean[i] != mean[i] + 0.1 * sigma * direction { unchanged = false }
        }
        return unchanged
    }
}
