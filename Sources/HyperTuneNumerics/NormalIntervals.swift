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
    /// polynomial, against four special-function calls. Otherwise it is ``normalLogMass(from:to:)``
    /// itself, accurate everywhere.
    ///
    /// - Precondition: `a <= b`.
    package static func normalLogBinMass(from a: Double, to b: Double) -> Double {
        let halfWidth = 0.5 * (b - a)
        let centre = 0.5 * (a + b)
        guard binMassSeriesApplies(centre: centre, halfWidth: halfWidth) else {
            return normalLogMass(from: a, to: b)
        }
        return Elementary.log(2 * halfWidth) + normalLogBinMassSeries(centre: centre, halfWidth: halfWidth)
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
