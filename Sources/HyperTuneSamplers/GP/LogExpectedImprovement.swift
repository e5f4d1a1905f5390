import HyperTuneNumerics

/// The logarithm of expected improvement, accurate from the centre far into the lower tail.
///
/// For a Gaussian posterior `N(μ, σ²)` and an incumbent `best` (minimization), the expected
/// improvement is `EI = σ h(z)` with `z = (best - μ) / σ` and `h(z) = φ(z) + z Φ(z)`. Where the
/// model is confident that a point is worse than the incumbent, `z` is very negative, `h(z)`
/// underflows (`h(-40) ≈ 1e-351`) and plain EI is exactly zero on most of the space, flat for any
/// optimizer. Its logarithm stays finite and informative: `log EI = log σ + log h(z)`. This is the
/// LogEI of Ament, Daulton, Eriksson, Balandat and Bakshy, "Unexpected Improvements to Expected
/// Improvement for Bayesian Optimization" (NeurIPS 2023).
///
/// How `log h` is computed here (our own arrangement of their idea):
/// - `z > -1`: `log(φ(z) + z Φ(z))` directly; there is no cancellation worth a bit.
/// - `z = -t <= -1`: `h(z) = φ(z) u(t)` with `u(t) = 1 - t M(t)` and `M(t) = Φ(-t)/φ(t)` (Mills'
///   ratio), so `log h = log φ(z) + log u(t)`. For `t < 3`, `M(t) = √(π/2) erfcx(t/√2)` and the
///   subtraction loses at most 4 bits. Beyond, `u` comes without any subtraction from Laplace's
///   continued fraction `M(t) = 1/(t + c)`, `c = 1/(t + 2/(t + 3/(t + ...)))`: then `t M = t/(t + c)`
///   and `u = c/(t + c)`. Forty terms reach full precision for `t >= 5` (eighty for `3 <= t < 5`),
///   and nothing overflows until `z²/2` does, so there is no asymptotic cut-off.
/// - The derivative `d log h / dz = Φ(z)/h(z)` is `M/u = 1/c` in the tail, again without cancellation.
///
/// Checked against 50-digit references for `z` from -1000 to 5 in the tests.
enum LogExpectedImprovement {
    /// `log h(z)` with `h(z) = φ(z) + z Φ(z)` (the expected improvement of a standard normal over `z`).
    ///
    /// - Complexity: O(1) (at most 80 continued-fraction terms).
    static func logH(_ z: Double) -> Double {
        logHAndDerivative(z).value
    }

    /// `log h(z)` and `d log h / dz = Φ(z) / h(z)`.
    ///
    /// - Complexity: O(1).
    static func logHAndDerivative(_ z: Double) -> (value: Double, derivative: Double) {
        if z.isNaN { return (z, z) }
        if z > -1 {
            if z == .infinity { return (.infinity, 0) }
            let cdf = SpecialFunctions.normalCDF(z)
            let h = SpecialFunctions.normalPDF(z) + z * cdf
            return (Elementary.log(h), cdf / h)
        }
        if z == -.infinity { return (-.infinity, .infinity) }
        let t = -z
        let logPDF = SpecialFunctions.normalLogPDF(z)
        if t < 3 {
            let mills = SpecialFunctions.normalCDFOverPDF(z)
            let u = 1 - t * mills
            return (logPDF + Elementary.log(u), mills / u)
        }
        let terms = t >= 5 ? 40 : 80
        var tail = 0.0
        for k in stride(from: terms, through: 2, by: -1) { tail = Double(k) / (t + tail) }
        let c = 1 / (t + tail)
        return (logPDF + Elementary.log(c) - Elementary.log(t + c), 1 / c)
    }
}
