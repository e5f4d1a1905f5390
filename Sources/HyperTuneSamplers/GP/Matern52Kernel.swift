import HyperTuneNumerics

/// The Matérn kernel with smoothness 5/2 and one lengthscale per input dimension (ARD), the kernel
/// Snoek, Larochelle and Adams recommend for Bayesian optimization of hyperparameters ("Practical
/// Bayesian Optimization of Machine Learning Algorithms", NeurIPS 2012): twice differentiable
/// sample paths, unlike the unrealistically smooth squared exponential.
///
/// `k(x, x') = σ² (1 + √5 r + 5/3 r²) exp(-√5 r)`, with `r² = Σᵢ dᵢ(x, x')² / ℓᵢ²` where `dᵢ` is
/// the difference of the coordinates for continuous and grid dimensions, and for a categorical
/// dimension 1 when the choices differ and 0 when they are equal (a Hamming distance; the kernel
/// stays positive definite since each categorical term is the squared distance between one-hot
/// vectors, divided by 2). `σ²` is the signal variance; observation noise is added on the diagonal
/// by ``GaussianProcess``.
///
/// The functions below work on `r²` and return the pieces the model's gradients need:
/// with `e = exp(-√5 r)`, the profile `f = (1 + √5 r + 5/3 r²) e` and `g = 5/3 (1 + √5 r) e`,
/// which satisfies `∂f/∂(r²) = -g/2` (no singularity at `r = 0`). Hence
/// `∂k/∂log ℓᵢ = σ² g dᵢ²/ℓᵢ²` and `∂k/∂xⱼ = -σ² g (xⱼ - x'ⱼ)/ℓⱼ²`.
enum Matern52Kernel {
    /// √5.
    static let sqrt5 = 0x1.1e3779b97f4a8p+1

    /// The profile `f(r)` at `r² = squaredDistance`.
    @inline(__always)
    static func profile(squaredDistance: Double) -> Double {
        TableExp.withTable { profile(squaredDistance: squaredDistance, table: $0) }
    }

    /// The profile `f(r)`, with the table of ``TableExp`` passed in (for inner loops).
    @inline(__always)
    static func profile(squaredDistance: Double, table: UnsafePointer<Double>) -> Double {
        let r = squaredDistance.squareRoot()
        let s = sqrt5 * r
        return (1 + s + 5.0 / 3.0 * squaredDistance) * TableExp.exp(-s, table: table)
    }

    /// The profile `f` and its companion `g` (see the type) at `r² = squaredDistance`.
    @inline(__always)
    static func profileAndSlope(squaredDistance: Double) -> (f: Double, g: Double) {
        TableExp.withTable { profileAndSlope(squaredDistance: squaredDistance, table: $0) }
    }

    /// `f` and `g`, with the table of ``TableExp`` passed in (for inner loops).
    @inline(__always)
    static func profileAndSlope(squaredDistance: Double, table: UnsafePointer<Double>) -> (f: Double, g: Double) {
        let r = squaredDistance.squareRoot()
        let s = sqrt5 * r
        let e = TableExp.exp(-s, table: table)
        return ((1 + s + 5.0 / 3.0 * squaredDistance) * e, 5.0 / 3.0 * (1 + s) * e)
    }

    /// Writes `√5 · r` to `roots` and `exp(-√5 · r)` to `exponentials` for the `count` squared
    /// distances `r²` at `values` (which it leaves alone).
    @inline(__always)
    private static func scaledRootsAndExponentials(
        _ values: UnsafeMutablePointer<Double>, count: Int, roots: UnsafeMutablePointer<Double>,
        exponentials: UnsafeMutablePointer<Double>
    ) {
        for j in 0..<count {
            // `max(r², 0)` is r² itself (a sum of non-negative terms from +0, never -0); it tells
            // the compiler the square root cannot fail, so the loop gets vector square roots.
            let r = max(values[j], 0).squareRoot()
            roots[j] = sqrt5 * r
            exponentials[j] = -roots[j]
        }
        TableExp.exponentiate(exponentials, count: count)
    }

    /// Overwrites the `count` squared distances at `values` with the kernel values `scale · f(r)`:
    /// the same doubles as `scale * profile(squaredDistance:)` one by one, in loops the compiler
    /// can vectorize (the exponentials go through ``TableExp/exponentiate(_:count:)``).
    ///
    /// - Parameter scratch: room for `2 × count` doubles.
    static func scaledProfiles(_ values: UnsafeMutablePointer<Double>, count: Int, scale: Double, scratch: UnsafeMutablePointer<Double>) {
        let s = scratch
        let e = scratch + count
        scaledRootsAndExponentials(values, count: count, roots: s, exponentials: e)
        for j in 0..<count {
            values[j] = scale * ((1 + s[j] + 5.0 / 3.0 * values[j]) * e[j])
        }
    }

    /// Overwrites the `count` squared distances at `values` with `f` and writes `g` to `slopes`
    /// (see the type): the same doubles as ``profileAndSlope(squaredDistance:table:)`` one by one,
    /// in loops the compiler can vectorize.
    ///
    /// - Parameter scratch: room for `count` doubles.
    static func profilesAndSlopes(
        _ values: UnsafeMutablePointer<Double>, slopes: UnsafeMutablePointer<Double>, count: Int, scratch: UnsafeMutablePointer<Double>
    ) {
        let s = scratch
        let e = slopes
        scaledRootsAndExponentials(values, count: count, roots: s, exponentials: e)
        for j in 0..<count {
            let exponential = e[j]
            values[j] = (1 + s[j] + 5.0 / 3.0 * values[j]) * exponential
            slopes[j] = 5.0 / 3.0 * (1 + s[j]) * exponential
        }
    }

    /// `r²` between two points of `dimension` coordinates, with inverse squared lengthscales `w`.
    @inline(__always)
    static func squaredDistance(
        _ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, inverseSquaredLengthscales w: UnsafePointer<Double>,
        isCategorical: UnsafePointer<Bool>, dimension: Int
    ) -> Double {
        var sum = 0.0
        for i in 0..<dimension {
            if isCategorical[i] {
                if x[i] != y[i] { sum += w[i] }
            } else {
                let delta = x[i] - y[i]
                sum += delta * delta * w[i]
            }
        }
        return sum
    }
}
