/// The error function family and the standard normal distribution, computed by our own code.
///
/// Like ``Elementary``, everything here uses only IEEE-754 arithmetic and our own `exp` / `log`, so
/// results are identical on every platform. The scaled complementary error function
/// `erfcx(x) = exp(x²) erfc(x)` is the workhorse: it stays finite and accurate far into the tails,
/// where `erfc` underflows, so log-probabilities such as `log Φ(-40)` keep full relative accuracy.
///
/// Methods:
/// - `erfcx` on `[0, 12]`: one Chebyshev series per interval of width 1/2, coefficients computed
///   at 60 digits by `Scripts/generate-erfcx-coefficients.py`, evaluated with Clenshaw's recurrence;
///   beyond 12, the asymptotic series `erfcx(x) = 1/(x√π) Σ (-1)^n (2n-1)!! / (2x²)^n` (14 terms,
///   remainder below 1e-20); for `x < 0`, `erfcx(x) = 2 exp(x²) - erfcx(-x)`.
/// - `exp(-x²)` factors are computed from an exact split of `x` (`x = h + l` with `h` holding 26
///   bits, so `h²` is exact), which keeps their relative error near one ulp for large `x`.
/// - `erf` for `|x| < 1/2`: its Maclaurin series; elsewhere `1 - erfc`.
/// - The normal quantile: Halley's method on `log Φ(z) = log p` from a closed-form start.
///
/// Accuracy (checked against 30-digit references in the tests): a few ulps relative for `erfcx`,
/// `erfc`, `Φ`, `log Φ` over their whole ranges.
package enum SpecialFunctions {
    /// `1 / √π`.
    static let inverseSqrtPi = 0x1.20dd750429b6dp-1
    /// `1 / √2`.
    static let inverseSqrt2 = 0x1.6a09e667f3bcdp-1
    /// `log √(2π)`.
    package static let logSqrt2Pi = 0x1.d67f1c864beb5p-1
    /// `1 / √(2π)`.
    static let inverseSqrt2Pi = 0x1.9884533d43651p-2
    /// `√(π/2)`.
    static let sqrtHalfPi = 0x1.40d931ff62706p+0

    // MARK: Error functions

    /// The scaled complementary error function `exp(x²) erfc(x)`; `inf` below about -26.6.
    package static func erfcx(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x < 0 {
            if x < -26.64 { return .infinity }
            return 2 * expSquare(x) - erfcx(-x)
        }
        if x < 12 {
            let k = Int(x * 2)
            let t = 4 * (x - Double(k) * 0.5) - 1
            return erfcxCoefficients.withUnsafeBufferPointer { c in
                clenshaw(c, from: erfcxOffsets[k], to: erfcxOffsets[k + 1], at: t)
            }
        }
        if x == .infinity { return 0 }
        let v = 1 / (2 * x * x)
        var term = 1.0
        var sum = 1.0
        for n in 1...14 {
            term *= -Double(2 * n - 1) * v
            sum += term
        }
        return sum * inverseSqrtPi / x
    }

    /// The complementary error function `1 - erf(x)`.
    package static func erfc(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x < 0 { return 2 - erfc(-x) }
        if x > 27.3 { return 0 }
        return expNegativeSquare(x) * erfcx(x)
    }

    /// The error function.
    package static func erf(_ x: Double) -> Double {
        if x.isNaN { return x }
        let a = abs(x)
        if a < 0.5 {
            // 2/√π Σ (-1)^n x^(2n+1) / (n! (2n+1)), n = 0...14 (the last term is below 1e-20 of the sum).
            let z = x * x
            var term = x
            var sum = x
            for n in 1...14 {
                term *= -z / Double(n)
                sum += term / Double(2 * n + 1)
            }
            return 2 * inverseSqrtPi * sum
        }
        let value = 1 - erfc(a)
        return x < 0 ? -value : value
    }

    // MARK: The standard normal distribution

    /// The density `φ(z) = exp(-z²/2) / √(2π)`.
    package static func normalPDF(_ z: Double) -> Double {
        expNegativeHalfSquare(z) * inverseSqrt2Pi
    }

    /// `log φ(z) = -z²/2 - log √(2π)`.
    package static func normalLogPDF(_ z: Double) -> Double {
        -0.5 * z * z - logSqrt2Pi
    }

    /// The distribution function `Φ(z)`.
    package static func normalCDF(_ z: Double) -> Double {
        if z.isNaN { return z }
        if z == 0 { return 0.5 }
        if z > 0 { return 1 - normalCDF(-z) }
        if z < -38.6 { return 0 }
        return 0.5 * expNegativeHalfSquare(z) * erfcx(-z * inverseSqrt2)
    }

    /// `log Φ(z)`, accurate in both tails (`log Φ(-40) ≈ -804.6`, `log Φ(10) ≈ -7.6e-24`).
    package static func normalLogCDF(_ z: Double) -> Double {
        if z.isNaN { return z }
        if z == -.infinity { return -.infinity }
        if z < -1 {
            return Elementary.log(0.5 * erfcx(-z * inverseSqrt2)) - 0.5 * z * z
        }
        if z < 0 { return Elementary.log(normalCDF(z)) }
        return Elementary.log1p(-normalCDF(-z))
    }

    /// `Φ(z) / φ(z)`, the inverse Mills ratio's reciprocal: finite and accurate for every `z`
    /// below about 37 (`√(π/2) erfcx(-z/√2)`).
    package static func normalCDFOverPDF(_ z: Double) -> Double {
        sqrtHalfPi * erfcx(-z * inverseSqrt2)
    }

    /// `log(Φ(b) - Φ(a))` for `a <= b`: the log-probability of `[a, b]` under the standard normal,
    /// accurate when the interval is far in a tail or very narrow. `-inf` when `a == b`.
    package static func normalLogMass(from a: Double, to b: Double) -> Double {
        precondition(!(a > b), "normalLogMass needs a <= b, got a = \(a), b = \(b)")
        if a == b { return -.infinity }
        if b <= 0 {
            // Both in the lower half: log Φ(b) + log(1 - Φ(a)/Φ(b)).
            let logB = normalLogCDF(b)
            let logA = normalLogCDF(a)
            return logB + log1mexp(logA - logB)
        }
        if a >= 0 {
            // Both in the upper half: use the mirrored lower tails, Φ(-a) - Φ(-b).
            let logA = normalLogCDF(-a)
            let logB = normalLogCDF(-b)
            return logA + log1mexp(logB - logA)
        }
        // Straddling 0: 1 - Φ(a) - Φ(-b), both terms at most 1/2.
        return Elementary.log1p(-normalCDF(a) - normalCDF(-b))
    }

    /// The standard normal quantile `Φ⁻¹(p)`: `-inf` at 0, `inf` at 1, NaN outside `[0, 1]`.
    ///
    /// Two Halley iterations, each started from a closed-form guess and run to convergence:
    /// - centre (`0.1 <= p <= 0.9`): on `erf(z/√2)/2 = p - 1/2`, where `p - 1/2` is exact, so `z` keeps
    ///   its relative accuracy even very close to 0; start `√(2π)(p - 1/2)`;
    /// - tails: on `log Φ(z) = log p` (log space, so tiny `p` keeps its relative accuracy), start
    ///   `-√(2L - log(4πL))` with `L = -log p` (the leading terms of the tail asymptote); `p > 1/2`
    ///   uses `-Φ⁻¹(1 - p)`, and `1 - p` is exact there.
    package static func normalQuantile(_ p: Double) -> Double {
        guard p >= 0, p <= 1 else { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        if p == 0.5 { return 0 }
        if p >= 0.1 && p <= 0.9 {
            let q = p - 0.5
            var z = 2.5066282746310007 * q
            for _ in 0..<50 {
                // g = erf(z/√2)/2 - q, g' = φ(z), g'' = -z φ(z).
                let g = 0.5 * erf(z * inverseSqrt2) - q
                let density = normalPDF(z)
                let step = g / (density + 0.5 * g * z)
                z -= step
                if abs(step) <= 0x1p-54 * abs(z) { break }
            }
            return z
        }
        if p > 0.5 { return -normalQuantile(1 - p) }
        let target = Elementary.log(p)
        let l = -target
        var z = -(2 * l - Elementary.log(4 * Double.pi * l)).squareRoot()
        for _ in 0..<50 {
            // f = log Φ(z) - log p, f' = r = φ/Φ, f'' = -r (z + r).
            let f = normalLogCDF(z) - target
            let r = 1 / normalCDFOverPDF(z)
            let step = f / (r + 0.5 * f * (z + r))
            z -= step
            if abs(step) <= 0x1p-54 * abs(z) { break }
        }
        return z
    }

    // MARK: Helpers

    /// `log(1 - exp(x))` for `x <= 0`, accurate near 0 and far below it (Mächler 2012).
    package static func log1mexp(_ x: Double) -> Double {
        if x > -0.6931471805599453 {
            return Elementary.log(-Elementary.expm1(x))
        }
        return Elementary.log1p(-Elementary.exp(x))
    }

    /// `exp(x²)`, with the square split exactly so large `x` keeps its relative accuracy.
    static func expSquare(_ x: Double) -> Double {
        let (high, low) = split(x)
        return Elementary.exp(high * high) * Elementary.exp(low * (x + high))
    }

    /// `exp(-x²)`, split as in ``expSquare(_:)``.
    static func expNegativeSquare(_ x: Double) -> Double {
        let (high, low) = split(x)
        return Elementary.exp(-high * high) * Elementary.exp(-low * (x + high))
    }

    /// `exp(-x²/2)`, split as in ``expSquare(_:)``.
    static func expNegativeHalfSquare(_ x: Double) -> Double {
        let (high, low) = split(x)
        return Elementary.exp(-0.5 * (high * high)) * Elementary.exp(-0.5 * (low * (x + high)))
    }

    /// `x = high + low` exactly, with `high` keeping the top 26 significant bits (so `high²` is exact).
    static func split(_ x: Double) -> (high: Double, low: Double) {
        let high = Double(bitPattern: x.bitPattern & 0xFFFF_FFFF_F800_0000)
        return (high, x - high)
    }

    /// Σ c[k] T_k(t) over `c[from..<to]` by Clenshaw's recurrence.
    static func clenshaw(_ c: UnsafeBufferPointer<Double>, from start: Int, to end: Int, at t: Double) -> Double {
        var b1 = 0.0
        var b2 = 0.0
        let twoT = 2 * t
        var k = end - 1
        while k > start {
            let b0 = twoT * b1 - b2 + c[k]
            b2 = b1
            b1 = b0
            k -= 1
        }
        return t * b1 - b2 + c[start]
    }
}
