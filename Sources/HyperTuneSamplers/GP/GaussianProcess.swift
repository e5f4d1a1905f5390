import HyperTuneNumerics

/// A Gaussian-process regression model with the ARD Matérn-5/2 kernel, conditioned on data.
///
/// Holds the training inputs (model coordinates, see ``GPInputSpace``), the targets (standardized
/// by the caller), the Cholesky factor of `K = k(X, X) + σₙ² I` and `α = K⁻¹ y`, and answers
/// posterior questions from them without refactoring: the posterior mean `μ(x) = k(x)ᵀ α` and
/// the latent variance `σ²(x) = σ² - ‖L⁻¹ k(x)‖²`, for batches of candidates (one triangular solve
/// with many right-hand sides) or for one point with gradients (for local polishing).
/// Rasmussen and Williams, *Gaussian Processes for Machine Learning* (2006), algorithm 2.1.
struct GaussianProcess: Sendable {
    /// The number of input coordinates.
    let dimension: Int
    /// Which coordinates are categorical.
    let isCategorical: [Bool]
    /// The hyperparameters.
    let hyperparameters: GPHyperparameters
    /// The training inputs, `n × dimension`, row-major.
    private(set) var inputs: [Double] {
        didSet { inputsByCoordinate = Self.transpose(inputs, dimension: dimension) }
    }
    /// The training inputs coordinate-major (`dimension × n`: coordinate `i` of point `a` at
    /// `i × n + a`), for loops over the training points.
    private var inputsByCoordinate: [Double]
    /// The training targets.
    private(set) var targets: [Double]
    /// The factor of `K`.
    private(set) var cholesky: Cholesky
    /// `K⁻¹ y`.
    private(set) var alpha: [Double]
    private let inverseSquaredLengthscales: [Double]
    private let signalVariance: Double

    /// The number of training points.
    var count: Int { targets.count }

    /// Conditions the prior given by `hyperparameters` on `targets` at `inputs`; `nil` when the
    /// kernel matrix does not factor even with jitter.
    ///
    /// - Complexity: O(n² d + n³/3).
    init?(inputs: [Double], targets: [Double], isCategorical: [Bool], hyperparameters: GPHyperparameters) {
        let d = isCategorical.count
        let n = targets.count
        precondition(inputs.count == n * d, "\(inputs.count) input coordinates for \(n) points of dimension \(d)")
        dimension = d
        self.isCategorical = isCategorical
        self.hyperparameters = hyperparameters
        self.inputs = inputs
        self.targets = targets
        inputsByCoordinate = Self.transpose(inputs, dimension: d)
        let scales = hyperparameters.inverseSquaredLengthscales
        let signalVariance = hyperparameters.signalVariance
        inverseSquaredLengthscales = scales
        self.signalVariance = signalVariance
        let noise = hyperparameters.noiseVariance
        var k = Matrix(rows: n, columns: n)
        var scratch = [Double](repeating: 0, count: 2 * n)
        inputs.withUnsafeBufferPointer { x in
            scales.withUnsafeBufferPointer { w in
                isCategorical.withUnsafeBufferPointer { c in
                    k.elements.withUnsafeMutableBufferPointer { kb in
                        scratch.withUnsafeMutableBufferPointer { t in
                            for a in 0..<n {
                                // Row a: the squared distances, then the kernel values in one batch.
                                let row = kb.baseAddress! + a * n
                                for b in 0..<a {
                                    row[b] = Matern52Kernel.squaredDistance(
                                        x.baseAddress! + a * d, x.baseAddress! + b * d, inverseSquaredLengthscales: w.baseAddress!,
                                        isCategorical: c.baseAddress!, dimension: d)
                                }
                                Matern52Kernel.scaledProfiles(row, count: a, scale: signalVariance, scratch: t.baseAddress!)
                                row[a] = signalVariance + noise
                            }
                        }
                    }
                }
            }
        }
        guard let cholesky = Cholesky(k) else { return nil }
        self.cholesky = cholesky
        alpha = cholesky.solve(targets)
    }

    /// The signal variance `σ²`: the prior variance of the latent function.
    var priorVariance: Double { signalVariance }

    /// The posterior mean of the latent function at the first `count` training points.
    ///
    /// With `K = K_f + s I` (`s` the noise variance plus any jitter), `μ(X) = K_f α = y - s α`:
    /// no kernel evaluation needed.
    ///
    /// - Complexity: O(count).
    func trainingMeans(count: Int) -> [Double] {
        let s = hyperparameters.noiseVariance + cholesky.jitter
        return (0..<count).map { targets[$0] - s * alpha[$0] }
    }

    // MARK: Pending points

    /// Adds `points` (row-major, `dimension` coordinates each) as observations of the current
    /// posterior mean (the "kriging believer" heuristic of Ginsbourger, Le Riche and Carraro,
    /// "Kriging is well-suited to parallelize optimization", 2010): the mean is unchanged while
    /// the variance near each point collapses, so a parallel worker's acquisition looks elsewhere.
    /// A point that cannot be added (numerically equal to a training point) is skipped.
    ///
    /// - Complexity: O(p (n + p)²) for p points.
    mutating func believe(_ points: [Double]) {
        let p = points.count / dimension
        guard p > 0 else { return }
        let noise = hyperparameters.noiseVariance
        for j in 0..<p {
            let point = Array(points[(j * dimension)..<((j + 1) * dimension)])
            let row = kernelRow(point)
            let mean = LinearAlgebra.dot(row, alpha)
            var grown = cholesky
            guard grown.append(covariances: row, variance: signalVariance + noise) else { continue }
            cholesky = grown
            inputs += point
            targets.append(mean)
            alpha = cholesky.solve(targets)
        }
    }

    // MARK: Posterior

    /// `k(x, X)`: the covariances of `point` with the training points.
    ///
    /// - Complexity: O(n d).
    func kernelRow(_ point: [Double]) -> [Double] {
        let n = count
        let d = dimension
        var row = [Double](repeating: 0, count: n)
        TableExp.withTable { tb in
            inputs.withUnsafeBufferPointer { x in
                inverseSquaredLengthscales.withUnsafeBufferPointer { w in
                    isCategorical.withUnsafeBufferPointer { c in
                        point.withUnsafeBufferPointer { p in
                            for a in 0..<n {
                                let r2 = Matern52Kernel.squaredDistance(
                                    p.baseAddress!, x.baseAddress! + a * d, inverseSquaredLengthscales: w.baseAddress!,
                                    isCategorical: c.baseAddress!, dimension: d)
                                row[a] = signalVariance * Matern52Kernel.profile(squaredDistance: r2, table: tb)
                            }
                        }
                    }
                }
            }
        }
        return row
    }

    /// The posterior means and latent variances at `m` points (row-major, `dimension` each).
    ///
    /// Candidates are processed in blocks whose cross-covariance matrix stays in cache; each block
    /// costs one kernel evaluation per (training point, candidate) pair and one triangular solve
    /// with many right-hand sides.
    ///
    /// - Complexity: O(m (n d + n²/2)).
    func posterior(at points: [Double]) -> (means: [Double], variances: [Double]) {
        let n = count
        let d = dimension
        let m = points.count / d
        var means = [Double](repeating: 0, count: m)
        var variances = [Double](repeating: signalVariance, count: m)
        guard n > 0 else { return (means, variances) }
        let block = 128
        var cross = Matrix(rows: n, columns: min(block, m))
        // The block's candidates transposed (coordinate-major), and scratch for the profiles.
        var transposed = [Double](repeating: 0, count: d * min(block, m))
        var scratch = [Double](repeating: 0, count: 2 * min(block, m))
        var start = 0
        while start < m {
            let width = min(block, m - start)
            if cross.columns != width { cross = Matrix(rows: n, columns: width) }
            points.withUnsafeBufferPointer { p in
                transposed.withUnsafeMutableBufferPointer { t in
                    for j in 0..<width {
                        for i in 0..<d { t[i * width + j] = p[(start + j) * d + i] }
                    }
                }
            }
            transposed.withUnsafeBufferPointer { t in
                scratch.withUnsafeMutableBufferPointer { s in
                    cross.elements.withUnsafeMutableBufferPointer { kb in
                        crossCovariances(candidates: t.baseAddress!, width: width, into: kb.baseAddress!, scratch: s.baseAddress!)
                    }
                }
            }
            cross.elements.withUnsafeBufferPointer { kb in
                alpha.withUnsafeBufferPointer { al in
                    means.withUnsafeMutableBufferPointer { mu in
                        let out = mu.baseAddress! + start
                        for a in 0..<n { LinearAlgebra.axpy(al[a], kb.baseAddress! + a * width, out, count: width) }
                    }
                }
            }
            cholesky.solveLower(columnsOf: &cross)
            cross.elements.withUnsafeBufferPointer { v in
                variances.withUnsafeMutableBufferPointer { variance in
                    for a in 0..<n {
                        let row = v.baseAddress! + a * width
                        for j in 0..<width { variance[start + j] -= row[j] * row[j] }
                    }
                }
            }
            start += width
        }
        return (means, variances)
    }

    /// `values` (`rows × dimension`, row-major) coordinate-major: `dimension × rows`.
    private static func transpose(_ values: [Double], dimension d: Int) -> [Double] {
        let rows = d > 0 ? values.count / d : 0
        var result = [Double](repeating: 0, count: values.count)
        for a in 0..<rows {
            for i in 0..<d { result[i * rows + a] = values[a * d + i] }
        }
        return result
    }

    /// Writes to `output[j]`, for `j < count`, the squared distance `r²` of `point` to point `j` of
    /// `others` (coordinate-major: coordinate `i` of point `j` at `others[i × count + j]`): the
    /// same double as `Matern52Kernel.squaredDistance(point, other_j, ...)`, the coordinates
    /// accumulated in order, in loops over the points that the compiler vectorizes.
    @inline(__always)
    private static func squaredDistances(
        from point: UnsafePointer<Double>, to others: UnsafePointer<Double>, count: Int,
        inverseSquaredLengthscales w: UnsafePointer<Double>, isCategorical c: UnsafePointer<Bool>, dimension d: Int,
        into output: UnsafeMutablePointer<Double>
    ) {
        // Eight points at a time, their sums held in registers across the coordinates.
        var start = 0
        while start + 8 <= count {
            var sum = SIMD8<Double>()
            for i in 0..<d {
                let coordinate = SIMD8<Double>(repeating: point[i])
                let column = UnsafeRawPointer(others + i * count + start).loadUnaligned(as: SIMD8<Double>.self)
                if c[i] {
                    // `sum += w` only where the choices differ, as in `squaredDistance`.
                    sum.replace(with: sum + w[i], where: coordinate .!= column)
                } else {
                    let delta = coordinate - column
                    sum += delta * delta * w[i]
                }
            }
            UnsafeMutableRawPointer(output + start).storeBytes(of: sum, as: SIMD8<Double>.self)
            start += 8
        }
        // The last few, coordinate by coordinate.
        for j in start..<count { output[j] = 0 }
        for i in 0..<d {
            let coordinate = point[i]
            let weight = w[i]
            let column = others + i * count
            if c[i] {
                for j in start..<count { output[j] = coordinate != column[j] ? output[j] + weight : output[j] }
            } else {
                for j in start..<count {
                    let delta = coordinate - column[j]
                    output[j] += delta * delta * weight
                }
            }
        }
    }

    /// Writes `k(X, candidates)`, `n × width` row-major, to `output`: row `a` holds the covariances
    /// of training point `a` with the `width` candidates, given coordinate-major (`candidates[i ×
    /// width + j]` is coordinate `i` of candidate `j`) so that each row is computed by loops over
    /// the candidates, which the compiler vectorizes.
    ///
    /// Each value is the same double as `signalVariance * Matern52Kernel.profile(squaredDistance:
    /// Matern52Kernel.squaredDistance(...))` with the training point first: the squared distance
    /// accumulates the coordinates in order (a categorical coordinate adds its weight only when
    /// the choices differ).
    ///
    /// - Parameter scratch: room for `2 × width` doubles.
    /// - Complexity: O(n × width × d).
    private func crossCovariances(
        candidates: UnsafePointer<Double>, width: Int, into output: UnsafeMutablePointer<Double>, scratch: UnsafeMutablePointer<Double>
    ) {
        let n = count
        let d = dimension
        inputs.withUnsafeBufferPointer { x in
            inverseSquaredLengthscales.withUnsafeBufferPointer { w in
                isCategorical.withUnsafeBufferPointer { c in
                    for a in 0..<n {
                        let row = output + a * width
                        Self.squaredDistances(
                            from: x.baseAddress! + a * d, to: candidates, count: width, inverseSquaredLengthscales: w.baseAddress!,
                            isCategorical: c.baseAddress!, dimension: d, into: row)
                        Matern52Kernel.scaledProfiles(row, count: width, scale: signalVariance, scratch: scratch)
                    }
                }
            }
        }
    }

    /// The posterior mean and latent variance at `point`, with their gradients along the
    /// coordinates where `free` is true (zero elsewhere).
    ///
    /// - Complexity: O(n d + n²).
    func posteriorWithGradient(
        at point: [Double], free: [Bool]
    ) -> (mean: Double, variance: Double, meanGradient: [Double], varianceGradient: [Double]) {
        let n = count
        let d = dimension
        var row = [Double](repeating: 0, count: n)
        var slope = [Double](repeating: 0, count: n)
        var scratch = [Double](repeating: 0, count: n)
        inputsByCoordinate.withUnsafeBufferPointer { x in
            inverseSquaredLengthscales.withUnsafeBufferPointer { w in
                isCategorical.withUnsafeBufferPointer { c in
                    point.withUnsafeBufferPointer { p in
                        row.withUnsafeMutableBufferPointer { f in
                            slope.withUnsafeMutableBufferPointer { g in
                                scratch.withUnsafeMutableBufferPointer { t in
                                    guard n > 0 else { return }
                                    Self.squaredDistances(
                                        from: p.baseAddress!, to: x.baseAddress!, count: n, inverseSquaredLengthscales: w.baseAddress!,
                                        isCategorical: c.baseAddress!, dimension: d, into: f.baseAddress!)
                                    Matern52Kernel.profilesAndSlopes(
                                        f.baseAddress!, slopes: g.baseAddress!, count: n, scratch: t.baseAddress!)
                                    for a in 0..<n {
                                        f[a] = signalVariance * f[a]
                                        g[a] = -signalVariance * g[a]
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        let mean = LinearAlgebra.dot(row, alpha)
        var v = row
        cholesky.solveLower(&v)
        let variance = signalVariance - LinearAlgebra.dot(v, v)
        cholesky.solveUpper(&v)  // now K⁻¹ k(x)
        var meanGradient = [Double](repeating: 0, count: d)
        var varianceGradient = [Double](repeating: 0, count: d)
        // The free coordinates, so the loop below does no work on the others.
        let freeCoordinates = (0..<d).filter { free[$0] }
        inputs.withUnsafeBufferPointer { x in
            alpha.withUnsafeBufferPointer { al in
                slope.withUnsafeBufferPointer { g in
                    v.withUnsafeBufferPointer { u in
                        point.withUnsafeBufferPointer { p in
                            inverseSquaredLengthscales.withUnsafeBufferPointer { w in
                                meanGradient.withUnsafeMutableBufferPointer { mg in
                                    varianceGradient.withUnsafeMutableBufferPointer { vg in
                                        for a in 0..<n {
                                            let meanWeight = al[a] * g[a]
                                            let varianceWeight = -2 * u[a] * g[a]
                                            let base = a * d
                                            for j in freeCoordinates {
                                                let delta = (p[j] - x[base + j]) * w[j]
                                                mg[j] += meanWeight * delta
                                                vg[j] += varianceWeight * delta
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (mean, variance, meanGradient, varianceGradient)
    }
}
