import HyperTuneNumerics

/// Makes objective values look Gaussian before the model sees them: standardize, apply the
/// Yeo-Johnson power transformation with its exponent fitted by maximum likelihood, standardize
/// again.
///
/// Objectives of hyperparameter tuning (and most test functions) are skewed: a few very bad
/// configurations dominate the variance, so after plain standardization every good point looks
/// the same and a stationary GP cannot resolve the region that matters. A fitted power transform
/// compresses the long tail and spreads out the good values; it is monotone, so the best point
/// stays the best. HEBO (Cowen-Rivers et al., "HEBO: Pushing the Limits of Sample-Efficient
/// Hyper-parameter Optimisation", JAIR 74, 2022) showed such output warping to be one of the most
/// effective ingredients of Bayesian optimization on real tuning tasks.
///
/// The transformation (Yeo and Johnson, "A new family of power transformations to improve
/// normality or symmetry", Biometrika 87(4), 2000), for `λ` in `[-2, 1]`:
/// `ψ(x) = ((1 + x)^λ - 1)/λ` for `x >= 0` and `-((1 - x)^(2-λ) - 1)/(2 - λ)` for `x < 0` (the
/// limits `log(1 + x)` and `-log(1 - x)` at `λ = 0` and `2`). `λ` maximizes the profile
/// log-likelihood `-n/2 log σ̂²(λ) + (λ - 1) Σ sign(xᵢ) log(1 + |xᵢ|)`, found by golden-section
/// search; `λ = 1` is the identity.
///
/// Only `λ <= 1` is allowed: those exponents compress the upper (bad) tail and stretch the lower
/// (good) one. A sample whose long tail is made of *good* values (a flat landscape with a few deep
/// basins) is left as it is instead of having its best values squeezed together, which would hide
/// the difference between a local and the global optimum from the model.
enum OutputWarping {
    /// The warped and standardized `values` (lower still better), in the same order.
    ///
    /// - Complexity: O(n) per golden-section step, 40 steps.
    static func warp(_ values: [Double]) -> [Double] {
        let standardized = standardize(values)
        let n = standardized.count
        guard n >= 3 else { return standardized }
        let logs = standardized.map { Elementary.log1p(abs($0)) }
        var jacobian = 0.0
        for i in 0..<n { jacobian += standardized[i] >= 0 ? logs[i] : -logs[i] }
        func transformed(_ lambda: Double) -> [Double] {
            (0..<n).map { i in
                if standardized[i] >= 0 {
                    return abs(lambda) < 1e-12 ? logs[i] : Elementary.expm1(lambda * logs[i]) / lambda
                }
                let power = 2 - lambda
                return abs(power) < 1e-12 ? -logs[i] : -Elementary.expm1(power * logs[i]) / power
            }
        }
        func logLikelihood(_ lambda: Double) -> Double {
            let t = transformed(lambda)
            var mean = 0.0
            for value in t { mean += value }
            mean /= Double(n)
            var variance = 0.0
            for value in t { variance += (value - mean) * (value - mean) }
            variance /= Double(n)
            guard variance > 0, variance.isFinite else { return -.infinity }
            return -0.5 * Double(n) * Elementary.log(variance) + (lambda - 1) * jacobian
        }
        // Golden-section search for the maximum on [-2, 1] (the minimum of the negated likelihood).
        let lambda = GoldenSection.minimize(-2, 1, iterations: 40) { -logLikelihood($0) }.best.x
        guard logLikelihood(lambda) > logLikelihood(1) else { return standardized }
        return standardize(transformed(lambda))
    }

    /// `(values - mean) / standard deviation`; a constant sample is only centred.
    static func standardize(_ values: [Double]) -> [Double] {
        let n = Double(values.count)
        guard n > 0 else { return values }
        var mean = 0.0
        for value in values { mean += value }
        mean /= n
        var variance = 0.0
        for value in values { variance += (value - mean) * (value - mean) }
        var scale = (variance / n).squareRoot()
        if !(scale > 0) || !scale.isFinite { scale = 1 }
        return values.map { ($0 - mean) / scale }
    }
}
