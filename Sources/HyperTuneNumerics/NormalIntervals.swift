extension SpecialFunctions {
    /// `log(Φ(b) - Φ(a))` for `a <= b`, fast when the interval is narrow: the log-probability of one
    /// rounding bin under a standard normal kernel, the inner loop of discrete Parzen estimators.
    ///
    /// With the centre `m = (a + b)/2` and half-width `δ = (b - a)/2`, Taylor's theorem around `m`
    /// gives `Φ(b) - Φ(a) = 2δ φ(m) Σₖ Heₖ₂(m) δ²ᵏ / (2k + 1)!` (the odd derivatives cancel, and
    /// `φ⁽ⁿ⁾ = (-1)ⁿ Heₙ φ` with `Heₙ` the probabilists' Hermite polynomials). When
    /// `(|m| + 3.2) δ <= 0.8`, the terms up to `k = 5` leave an error below 1e-13 in the logarithm
    /// (relative to `max(1, |log mass|)`; checked against 50-digit references while designing it and
    /// against ``normalLogMass(from:to:)`` in the tests), and the result costs two logarithms and a
    /// polynomial. Otherwise, with `Φ` written through `erfcx` so that each tail probability costs
    /// one `erfcx` and one `exp`:
    /// - an interval on one side of 0, mirrored to `0 <= a < b`: `log Φ̄(a) + log(1 - r)` with
    ///   `log Φ̄(a) = -a²/2 + log(erfcx(a/√2)/2)` and `r = Φ̄(b)/Φ̄(a) =
    ///   exp(-(b - a)(b + a)/2) erfcx(b/√2)/erfcx(a/√2)` (`1 - r` by `expm1` when `r > 1/2`);
    /// - an interval around 0: `log1p(-Φ(a) - Φ̄(b))`.
    /// Both agree with ``normalLogMass(from:to:)`` to a few ulps of the result (tested), at about
    /// half its cost.
    ///
    /// - Precondition: `a <= b`.
    package static func normalLogBinMass(from a: Double, to b: Double) -> Double {
        let halfWidth = 0.5 * (b - a)
        let centre = 0.5 * (a + b)
        if binMassSeriesApplies(centre: centre, halfWidth: halfWidth) {
            return Elementary.log(2 * halfWidth) + normalLogBinMassSeries(centre: centre, halfWidth: halfWidth)
        }
        precondition(!(a > b), "normalLogBinMass needs a <= b, got a = \(a), b = \(b)")
        if a == b { return -.infinity }
        if a >= 0 { return upperTailLogMass(a, b) }
        if b <= 0 { return upperTailLogMass(-b, -a) }
        // Around 0: 1 - Φ(a) - Φ̄(b), both terms below 1/2.
        return Elementary.log1p(-upperTail(-a) - upperTail(b))
    }

    /// `Φ̄(z) = 1 - Φ(z)` for `z >= 0`: `exp(-z²/2) erfcx(z/√2)/2` (one `exp`, relative error
    /// about `z²` ulps), 0 beyond 38.6 where it underflows.
    @inline(__always)
    package static func upperTail(_ z: Double) -> Double {
        z > 38.6 ? 0 : 0.5 * Elementary.exp(-0.5 * z * z) * erfcx(z * inverseSqrt2)
    }

    /// `log(Φ̄(a) - Φ̄(b))` for `0 <= a < b`.
    static func upperTailLogMass(_ a: Double, _ b: Double) -> Double {
        let erfcxA = erfcx(a * inverseSqrt2)
        let erfcxB = erfcx(b * inverseSqrt2)
        let exponent = -0.5 * (b - a) * (b + a)
        let ratio = Elementary.exp(exponent) * erfcxB / erfcxA
        if ratio <= 0.5 {
            return -0.5 * a * a + Elementary.log(0.5 * erfcxA * (1 - ratio))
        }
        // 1 - r loses digits as r nears 1: take it as -expm1(log r).
        let logRatio = Elementary.log(erfcxB / erfcxA) + exponent
        return -0.5 * a * a + Elementary.log(0.5 * erfcxA) + Elementary.log(-Elementary.expm1(logRatio))
    }

    /// Whether ``normalLogBinMass(from:to:)`` uses its series for a bin of centre `m` and half-width
    /// `δ` (standardized): `(|m| + 3.2) δ <= 0.8`.
    @inlinable
    package static func binMassSeriesApplies(centre: Double, halfWidth: Double) -> Bool {
        halfWidth > 0 && (abs(centre) + 3.2) * halfWidth <= 0.8
    }

    /// `log(Φ(m + δ) - Φ(m - δ)) - log(2δ)`, by the series of ``normalLogBinMass(from:to:)``.
    ///
    /// - Precondition: ``binMassSeriesApplies(centre:halfWidth:)``; the caller adds `log(2δ)`, which
    ///   it can often compute once for many bins.
    @inlinable
    package static func normalLogBinMassSeries(centre m: Double, halfWidth: Double) -> Double {
        let m2 = m * m
        let t = halfWidth * halfWidth
        let he2 = m2 - 1
        let he4 = (m2 - 6) * m2 + 3
        let he6 = ((m2 - 15) * m2 + 45) * m2 - 15
        let he8 = (((m2 - 28) * m2 + 210) * m2 - 420) * m2 + 105
        let he10 = ((((m2 - 45) * m2 + 630) * m2 - 3150) * m2 + 4725) * m2 - 945
        let series = t * (he2 / 6 + t * (he4 / 120 + t * (he6 / 5040 + t * (he8 / 362_880 + t * (he10 / 39_916_800)))))
        return Elementary.log1p(series) - 0.5 * m2 - logSqrt2Pi
    }
}
