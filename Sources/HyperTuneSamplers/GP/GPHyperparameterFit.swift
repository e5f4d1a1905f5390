import HyperTuneNumerics

/// Fits the Gaussian process's hyperparameters by maximum a-posteriori marginal likelihood.
///
/// The objective is `log p(y | θ) + log p(θ)` over `θ = (log ℓ₁ … log ℓ_d, log σ², log σₙ²)`, with
/// the log marginal likelihood `-½ yᵀK⁻¹y - ½ log det K - n/2 log 2π` and its analytic gradient
/// `∂/∂θⱼ = ½ tr((ααᵀ - K⁻¹) ∂K/∂θⱼ)`, `α = K⁻¹y` (Rasmussen and Williams 2006, eq. 5.9), maximized
/// by our bounded L-BFGS (``LBFGS``), warm-started from the previous fit when there is one.
///
/// Priors (independent normals on the log scale), chosen to keep the fit sane on the tens of
/// points Bayesian optimization lives with, where the likelihood alone is flat or degenerate:
/// - lengthscales: `log ℓ ~ N(√2 + ½ log d - 3, √3²)`. This is the maximum-density point and width
///   of the dimension-scaled log-normal prior of Hvarfner, Hellsten and Nardi ("Vanilla Bayesian
///   Optimization Performs Great in High Dimensions", ICML 2024), `ℓ ~ LogNormal(√2 + ½ log d, √3)`,
///   whose mode is `e^(√2-3) √d ≈ 0.2 √d` in unit-cube coordinates: long enough that a few points do
///   not make the model wiggle, and growing with the dimension as distances between points do;
/// - signal variance: `log σ² ~ N(0, 1)`: the targets are standardized, so the latent function's
///   variance is of order one;
/// - noise variance: `log σₙ² ~ N(log 10⁻³, 2²)`: small noise is expected (most objectives in
///   hyperparameter tuning are nearly deterministic at a fixed seed) but the data can raise it.
///
/// Bounds: `ℓ ∈ [0.01, 100]`, `σ² ∈ [0.01, 100]`, `σₙ² ∈ [10⁻⁶, 1]`; a deterministic objective
/// pins `σₙ²` at 10⁻⁶ (jitter for the factorization, not a belief about the data).
enum GPHyperparameterFit {
    static let minimumNoise = 1e-6
    static let lengthscaleBounds = (low: Elementary.log(0.01), high: Elementary.log(100))
    static let signalBounds = (low: Elementary.log(0.01), high: Elementary.log(100))
    static let noiseBounds = (low: Elementary.log(minimumNoise), high: 0.0)
    static let lengthscalePriorWidth = 3.0.squareRoot()
    static let signalPriorWidth = 1.0
    static let noisePriorMean = Elementary.log(1e-3)
    static let noisePriorWidth = 2.0

    /// The centre of the lengthscale prior in `dimension` dimensions.
    static func lengthscalePriorMean(dimension: Int) -> Double {
        2.0.squareRoot() + 0.5 * Elementary.log(Double(max(dimension, 1))) - 3
    }

    /// Where a fit without a previous one starts: the priors' centres.
    static func initialGuess(dimension: Int, deterministic: Bool) -> GPHyperparameters {
        GPHyperparameters(
            logLengthscales: [Double](repeating: lengthscalePriorMean(dimension: dimension), count: dimension),
            logSignalVariance: 0,
            logNoiseVariance: deterministic ? noiseBounds.low : noisePriorMean)
    }

    /// The MAP hyperparameters for `targets` at `inputs` (row-major, `isCategorical.count` coordinates each).
    ///
    /// - Parameters:
    ///   - start: the previous fit, or `nil` to start from the priors' centres.
    ///   - deterministic: pin the noise at its minimum.
    ///   - maxIterations: the L-BFGS iteration budget.
    /// - Complexity: O(n³ + n² d) per L-BFGS evaluation (factorization, inverse, gradient), and
    ///   O(n² d) memory for the pairwise squared differences computed once per fit.
    static func fit(
        inputs: [Double], targets: [Double], isCategorical: [Bool], start: GPHyperparameters?, deterministic: Bool,
        maxIterations: Int = 50
    ) -> GPHyperparameters {
        let d = isCategorical.count
        let objective = NegativeLogPosterior(inputs: inputs, targets: targets, isCategorical: isCategorical)
        var lower = [Double](repeating: lengthscaleBounds.low, count: d) + [signalBounds.low, noiseBounds.low]
        var upper = [Double](repeating: lengthscaleBounds.high, count: d) + [signalBounds.high, noiseBounds.high]
        if deterministic { upper[d + 1] = noiseBounds.low }
        if deterministic { lower[d + 1] = noiseBounds.low }
        let initial = start ?? initialGuess(dimension: d, deterministic: deterministic)
        var configuration = LBFGS.Configuration()
        configuration.maxIterations = maxIterations
        configuration.maxEvaluations = maxIterations * 3
        // Hyperparameters matter to a percent or so: stop once an iteration gains less than a
        // millionth of the objective (a warm start usually gets there in a handful of iterations).
        configuration.gradientTolerance = 1e-2
        configuration.relativeFunctionTolerance = 1e-6
        let result = LBFGS.minimize(from: initial.vector, lower: lower, upper: upper, configuration: configuration) { theta, gradient in
            objective.evaluate(theta, gradient: &gradient)
        }
        if result.value.isFinite { return GPHyperparameters(vector: result.point) }
        // The start itself was unusable (a previous fit far from this data): retry from the priors.
        if start != nil {
            return fit(
                inputs: inputs, targets: targets, isCategorical: isCategorical, start: nil, deterministic: deterministic,
                maxIterations: maxIterations)
        }
        return initial
    }

    /// The negative log posterior `-(log p(y | θ) + log p(θ))` and its gradient.
    struct NegativeLogPosterior {
        let n: Int
        let d: Int
        let targets: [Double]
        let isCategorical: [Bool]
        /// Per pair `(a, b)`, `b < a`, in the order `a = 1..<n, b = 0..<a`: the per-dimension
        /// squared differences (categoricals: 0 or 1), `d` values per pair.
        let squaredDifferences: [Double]

        init(inputs: [Double], targets: [Double], isCategorical: [Bool]) {
            n = targets.count
            d = isCategorical.count
            self.targets = targets
            self.isCategorical = isCategorical
            var differences = [Double](repeating: 0, count: n * (n - 1) / 2 * d)
            let d = d
            let n = n
            inputs.withUnsafeBufferPointer { x in
                differences.withUnsafeMutableBufferPointer { q in
                    var p = 0
                    for a in 1..<max(n, 1) {
                        for b in 0..<a {
                            for i in 0..<d {
                                let delta = x[a * d + i] - x[b * d + i]
                                q[p * d + i] = isCategorical[i] ? (delta == 0 ? 0 : 1) : delta * delta
                            }
                            p += 1
                        }
                    }
                }
            }
            squaredDifferences = differences
        }

        /// `LinearAlgebra.dot(q, w, count:)`, the same double (lane `k` of the vector sum is the
        /// partial sum `s_k`, the tail goes to `s_0`, then `(s0 + s1) + (s2 + s3)`), inlined here:
        /// one call per pair of points was a noticeable part of the fit.
        @inline(__always)
        static func weightedSum(_ q: UnsafePointer<Double>, _ w: UnsafePointer<Double>, count: Int) -> Double {
            var sums = SIMD4<Double>()
            var k = 0
            while k + 4 <= count {
                sums +=
                    UnsafeRawPointer(q + k).loadUnaligned(as: SIMD4<Double>.self)
                    * UnsafeRawPointer(w + k).loadUnaligned(as: SIMD4<Double>.self)
                k += 4
            }
            while k < count {
                sums[0] += q[k] * w[k]
                k += 1
            }
            return (sums[0] + sums[1]) + (sums[2] + sums[3])
        }

        /// The objective at `theta`, its gradient written to `gradient`; `inf` when `K` does not factor.
        func evaluate(_ theta: [Double], gradient: inout [Double]) -> Double {
            let hyper = GPHyperparameters(vector: theta)
            let w = hyper.inverseSquaredLengthscales
            let signal = hyper.signalVariance
            let noise = hyper.noiseVariance
            let pairCount = n * (n - 1) / 2
            var k = Matrix(rows: n, columns: n)
            var slopes = [Double](repeating: 0, count: pairCount)
            var scratch = [Double](repeating: 0, count: n)
            squaredDifferences.withUnsafeBufferPointer { q in
                w.withUnsafeBufferPointer { wb in
                    k.elements.withUnsafeMutableBufferPointer { kb in
                        slopes.withUnsafeMutableBufferPointer { gb in
                            scratch.withUnsafeMutableBufferPointer { t in
                                var p = 0
                                for a in 0..<n {
                                    // Row a: the squared distances into the row, then its profiles and
                                    // slopes in one batch (the same doubles as one pair at a time).
                                    let row = kb.baseAddress! + a * n
                                    for b in 0..<a {
                                        row[b] = Self.weightedSum(q.baseAddress! + (p + b) * d, wb.baseAddress!, count: d)
                                    }
                                    if a > 0 {
                                        Matern52Kernel.profilesAndSlopes(
                                            row, slopes: gb.baseAddress! + p, count: a, scratch: t.baseAddress!)
                                    }
                                    for b in 0..<a { row[b] = signal * row[b] }
                                    p += a
                                    row[a] = signal + noise
                                }
                            }
                        }
                    }
                }
            }
            guard let cholesky = Cholesky(k) else {
                for i in gradient.indices { gradient[i] = 0 }
                return .infinity
            }
            let alpha = cholesky.solve(targets)
            let fitTerm = LinearAlgebra.dot(targets, alpha)
            let logLikelihood = -0.5 * fitTerm - 0.5 * cholesky.logDeterminant - Double(n) * SpecialFunctions.logSqrt2Pi
            let inverse = cholesky.inverse()
            // W = ααᵀ - K⁻¹; ∂L/∂θ = ½ Σ_ab W_ab ∂K_ab/∂θ.
            var lengthscaleSums = [Double](repeating: 0, count: d)
            var signalSum = 0.0
            var trace = 0.0
            inverse.elements.withUnsafeBufferPointer { ib in
                squaredDifferences.withUnsafeBufferPointer { q in
                    slopes.withUnsafeBufferPointer { gb in
                        k.elements.withUnsafeBufferPointer { kb in
                            lengthscaleSums.withUnsafeMutableBufferPointer { acc in
                                var p = 0
                                for a in 0..<n {
                                    let alphaA = alpha[a]
                                    for b in 0..<a {
                                        let wab = alphaA * alpha[b] - ib[a * n + b]
                                        signalSum += wab * kb[a * n + b]
                                        let weight = wab * signal * gb[p]
                                        let row = q.baseAddress! + p * d
                                        for i in 0..<d { acc[i] += weight * row[i] }
                                        p += 1
                                    }
                                    trace += alphaA * alphaA - ib[a * n + a]
                                }
                            }
                        }
                    }
                }
            }
            // Off-diagonal pairs appear twice in the symmetric sum, which cancels the ½.
            var logPrior = 0.0
            let lengthscaleMean = GPHyperparameterFit.lengthscalePriorMean(dimension: d)
            let lengthscaleVariance = GPHyperparameterFit.lengthscalePriorWidth * GPHyperparameterFit.lengthscalePriorWidth
            for i in 0..<d {
                let offset = hyper.logLengthscales[i] - lengthscaleMean
                logPrior -= 0.5 * offset * offset / lengthscaleVariance
                gradient[i] = -(lengthscaleSums[i] * w[i]) + offset / lengthscaleVariance
            }
            let signalOffset = hyper.logSignalVariance
            let signalVarianceOfPrior = GPHyperparameterFit.signalPriorWidth * GPHyperparameterFit.signalPriorWidth
            logPrior -= 0.5 * signalOffset * signalOffset / signalVarianceOfPrior
            gradient[d] = -(signalSum + 0.5 * signal * trace) + signalOffset / signalVarianceOfPrior
            let noiseOffset = hyper.logNoiseVariance - GPHyperparameterFit.noisePriorMean
            let noiseVarianceOfPrior = GPHyperparameterFit.noisePriorWidth * GPHyperparameterFit.noisePriorWidth
            logPrior -= 0.5 * noiseOffset * noiseOffset / noiseVarianceOfPrior
            gradient[d + 1] = -(0.5 * noise * trace) + noiseOffset / noiseVarianceOfPrior
            return -(logLikelihood + logPrior)
        }
    }
}
