/// Random variates built from a generator's raw 64-bit words and our own elementary functions, so
/// the same seeded generator (the library's `SeededGenerator`) gives the same draws on every platform.
///
/// The routines take any `RandomNumberGenerator` and read only its `next()`: a uniform double is
/// `Double(next() >> 11) * 2⁻⁵³` (on `[0, 1)`) or `(Double(next() >> 11) + 1/2) * 2⁻⁵³` (on `(0, 1)`),
/// exactly as `SeededGenerator.nextDouble()` and `nextOpenDouble()` build them, so this module
/// needs no HyperTune module and the draws do not depend on the toolchain's `random(in:)`.
package enum RandomVariates {
    /// A standard normal draw by Marsaglia's polar method (Marsaglia and Bray, "A convenient method
    /// for generating normal variables", SIAM Review 6(3), 1964): a point uniform in the unit disc,
    /// `u √(-2 log s / s)` with `s = u² + v²`; the second variate of the pair is discarded.
    ///
    /// - Complexity: O(1) expected (4/π ≈ 1.27 pairs of uniforms per draw).
    package static func standardNormal(using generator: inout some RandomNumberGenerator) -> Double {
        while true {
            let u = 2 * unitDouble(&generator) - 1
            let v = 2 * unitDouble(&generator) - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                return u * (-2 * Elementary.log(s) / s).squareRoot()
            }
        }
    }

    /// A draw of the standard normal truncated to `[a, b]`, by rejection from a proposal chosen so
    /// that at least about a fifth of the proposals are accepted wherever the interval lies:
    /// - `a <= 0 <= b`, `b - a >= 1/2`: standard normal draws (acceptance `Φ(b) - Φ(a) >= 0.19`);
    /// - `a <= 0 <= b`, narrower: uniform proposals accepted with probability `exp(-z²/2) >= 0.88`;
    /// - one-sided, moved to `0 < a < b` by symmetry:
    ///   - narrow (`(b - a)(b + a) <= 2`): uniform proposals accepted with probability
    ///     `exp((a² - z²)/2)` (at least `e⁻¹`);
    ///   - `a < 1/2`: half-normal draws `|z|` (acceptance at least 0.46, since then `b > √2`);
    ///   - `a >= 1/2`: shifted exponential proposals of rate `λ = (a + √(a² + 4))/2`, accepted with
    ///     probability `exp(-(z - λ)²/2)` and rejected beyond `b` (Robert, "Simulation of truncated
    ///     normal variables", Statistics and Computing 5, 1995).
    ///
    /// - Precondition: `a < b`, neither NaN. Infinite bounds are allowed.
    /// - Complexity: O(1) expected.
    package static func truncatedStandardNormal(from a: Double, to b: Double, using generator: inout some RandomNumberGenerator) -> Double {
        precondition(a < b, "truncatedStandardNormal needs a < b, got a = \(a), b = \(b)")
        if a <= 0 && b >= 0 {
            if b - a >= 0.5 {
                while true {
                    let z = standardNormal(using: &generator)
                    if z >= a && z <= b { return z }
                }
            }
            while true {
                let z = min(a + unitDouble(&generator) * (b - a), b)
                if unitDouble(&generator) <= Elementary.exp(-0.5 * z * z) { return z }
            }
        }
        let mirrored = b < 0
        let low = mirrored ? -b : a
        let high = mirrored ? -a : b
        let z = oneSided(from: low, to: high, using: &generator)
        return mirrored ? -z : z
    }

    /// The truncated standard normal on `[low, high]` with `0 < low < high`.
    private static func oneSided(from low: Double, to high: Double, using generator: inout some RandomNumberGenerator) -> Double {
        if (high - low) * (high + low) <= 2 {
            while true {
                let z = min(low + unitDouble(&generator) * (high - low), high)
                if unitDouble(&generator) <= Elementary.exp(0.5 * (low - z) * (low + z)) { return z }
            }
        }
        if low < 0.5 {
            while true {
                let z = abs(standardNormal(using: &generator))
                if z >= low && z <= high { return z }
            }
        }
        let rate = 0.5 * (low + (low * low + 4).squareRoot())
        while true {
            let z = low - Elementary.log(openUnitDouble(&generator)) / rate
            if z > high { continue }
            let gap = z - rate
            if unitDouble(&generator) <= Elementary.exp(-0.5 * gap * gap) { return z }
        }
    }

    /// A uniform double on `[0, 1)` from the top 53 bits of one word (`SeededGenerator.nextDouble()`'s construction).
    private static func unitDouble(_ generator: inout some RandomNumberGenerator) -> Double {
        Double(generator.next() >> 11) * 0x1p-53
    }

    /// A uniform double on `(0, 1)`: the midpoints of the 2⁵³ cells (`SeededGenerator.nextOpenDouble()`'s construction).
    private static func openUnitDouble(_ generator: inout some RandomNumberGenerator) -> Double {
        (Double(generator.next() >> 11) + 0.5) * 0x1p-53
    }
}
