/// Elementary functions computed by our own code from IEEE-754 arithmetic only.
///
/// Why not the platform's `exp` and `log`: libm implementations differ in the last bit between
/// platforms (glibc, Apple's libm, musl), and samplers compare and round the results of these
/// functions, so a one-ulp difference can change which point a sampler picks. The functions here use
/// only `+`, `-`, `*`, `/` and exact bit operations (no fused multiply-add), so the same input gives
/// the same output everywhere. Accuracy: within about 1 ulp (checked against high-precision
/// references in the tests).
///
/// Methods (standard textbook ones; see J.-M. Muller, "Elementary Functions: Algorithms and
/// Implementation", 3rd ed., 2016, chapters 11 and 12):
/// - `log`: `x = 2^k m` with `m` in `[sqrt(2)/2, sqrt(2)]`, `f = m - 1`, `s = f / (2 + f)`, and
///   `log(1 + f) = f - f^2/2 + s (f^2/2 + R(s^2))` where `R` is the series of `2 atanh(s) - 2 s`,
///   plus `k log 2` with `log 2` split in two parts (Cody and Waite).
/// - `exp`: `x = k log 2 + r`, `|r| <= log(2)/2`, Taylor polynomial of degree 13 for `exp(r) - 1`,
///   then an exact scaling by `2^k`.
package enum Elementary {
    /// `log 2` split so that `k * ln2Hi` is exact for `|k| < 2^32`: the top 21 significant bits.
    @usableFromInline static let ln2Hi = 0x1.62e42p-1
    /// `log 2 - ln2Hi`, rounded.
    @usableFromInline static let ln2Lo = 0x1.fdf473de6af28p-22
    /// `1 / log 2`, rounded.
    @usableFromInline static let invLn2 = 0x1.71547652b82fep+0

    /// The natural logarithm. `log(0) = -inf`, `log(x < 0) = nan`, `log(inf) = inf`.
    @inlinable
    package static func log(_ x: Double) -> Double {
        guard x > 0, x.isFinite else {
            if x == 0 { return -.infinity }
            if x == .infinity { return .infinity }
            return .nan
        }
        var k = x.exponent
        var m = x.significand  // in [1, 2), exact, also for subnormals
        if m > 0x1.6a09e667f3bcdp+0 {  // sqrt(2)
            m *= 0.5
            k += 1
        }
        let f = m - 1
        return Double(k) * ln2Hi + (log1pReduced(f) + Double(k) * ln2Lo)
    }

    /// `log(1 + x)`, accurate for small `x`.
    @inlinable
    package static func log1p(_ x: Double) -> Double {
        guard x > -1, x.isFinite else {
            if x == -1 { return -.infinity }
            if x == .infinity { return .infinity }
            return .nan
        }
        // In the reduced range, the series takes x itself: no rounding of 1 + x.
        if x > -0x1.2bec333018866p-2 && x < 0x1.a827999fcef34p-2 {  // sqrt(2)/2 - 1 < x < sqrt(2) - 1
            return log1pReduced(x)
        }
        if x >= -0.5 && x < 0 {
            // 1 + 2x is exact here (Sterbenz) and lies in the reduced range:
            // log(1 + x) = log(1 + (1 + 2x)) - log 2.
            return (log1pReduced(1 + 2 * x) - ln2Lo) - ln2Hi
        }
        // Below -0.5, 1 + x is exact; above sqrt(2) - 1 it is rounded, and corrected for:
        // log(1 + x) = log(u) + (x - (u - 1)) / u.
        let u = 1 + x
        let correction = (x - (u - 1)) / u
        return log(u) + correction
    }

    /// `log(1 + f)` for `f` in `[sqrt(2)/2 - 1, sqrt(2) - 1]`.
    @inlinable
    static func log1pReduced(_ f: Double) -> Double {
        let s = f / (2 + f)
        let z = s * s
        // R(z) = 2z/3 + 2z^2/5 + ... + 2z^11/23, Horner's rule.
        var r = 2.0 / 23
        r = r * z + 2.0 / 21
        r = r * z + 2.0 / 19
        r = r * z + 2.0 / 17
        r = r * z + 2.0 / 15
        r = r * z + 2.0 / 13
        r = r * z + 2.0 / 11
        r = r * z + 2.0 / 9
        r = r * z + 2.0 / 7
        r = r * z + 2.0 / 5
        r = r * z + 2.0 / 3
        r *= z
        let halfSquare = 0.5 * f * f
        return f - (halfSquare - s * (halfSquare + r))
    }

    /// The exponential. Overflows to `inf` above about 709.78, underflows to 0 below about -745.13.
    @inlinable
    package static func exp(_ x: Double) -> Double {
        guard x.isFinite else {
            if x.isNaN { return x }
            return x > 0 ? .infinity : 0
        }
        if x > 709.782712893384 { return .infinity }
        if x < -745.1332191019412 { return 0 }
        if abs(x) < 0x1p-54 { return 1 + x }
        let k = (x * invLn2).rounded()
        let r = (x - k * ln2Hi) - k * ln2Lo
        return scale(1 + expm1Reduced(r), by: Int(k))
    }

    /// `exp(x) - 1`, accurate for small `x`.
    @inlinable
    package static func expm1(_ x: Double) -> Double {
        if abs(x) <= 0x1.62e42fefa39efp-2 {  // log(2)/2: no reduction needed
            return expm1Reduced(x)
        }
        if abs(x) <= 0.75 {
            // Reducing here would cancel (p + 1/2 with p near -1/4): sum the series directly,
            // x + x^2 (1/2! + x (1/3! + ... + x/18!)); the last term is below 2^-60 of the result.
            var p = 1.0 / 6_402_373_705_728_000  // 1/18!
            var factorial = 6_402_373_705_728_000.0
            for n in stride(from: 17, through: 2, by: -1) {
                factorial /= Double(n + 1)
                p = p * x + 1 / factorial
            }
            return x + (x * x) * p
        }
        if x < -40 { return -1 }
        if x > 709.782712893384 { return .infinity }
        // exp(x) - 1 = 2^k (1 + p) - 1 with p = expm1(r): fold the -1 in before scaling, so the only
        // rounding is one addition (exp(x) - 1 would lose up to two bits to cancellation near 0.35).
        let k = (x * invLn2).rounded()
        let p = expm1Reduced((x - k * ln2Hi) - k * ln2Lo)
        let power = Int(k)
        if power >= 1 && power <= 56 {
            return scale(p + (1 - scale(1, by: -power)), by: power)
        }
        if power <= -1 && power >= -53 {
            return scale(p, by: power) - (1 - scale(1, by: power))
        }
        return exp(x) - 1
    }

    /// `exp(r) - 1` for `|r| <= log(2)/2 + tiny`: `r + r^2 (1/2! + r (1/3! + ... + r/13!))`.
    @inlinable
    static func expm1Reduced(_ r: Double) -> Double {
        var p = 1.0 / 6_227_020_800  // 1/13!
        p = p * r + 1.0 / 479_001_600  // 1/12!
        p = p * r + 1.0 / 39_916_800
        p = p * r + 1.0 / 3_628_800
        p = p * r + 1.0 / 362_880
        p = p * r + 1.0 / 40_320
        p = p * r + 1.0 / 5_040
        p = p * r + 1.0 / 720
        p = p * r + 1.0 / 120
        p = p * r + 1.0 / 24
        p = p * r + 1.0 / 6
        p = p * r + 0.5
        return r + (r * r) * p
    }

    /// `value * 2^k`, exact unless the result is subnormal.
    @inlinable
    static func scale(_ value: Double, by k: Int) -> Double {
        if k > 1000 {
            return value * 0x1p1000 * Double(sign: .plus, exponent: k - 1000, significand: 1)
        }
        if k < -1000 {
            return value * 0x1p-1000 * Double(sign: .plus, exponent: k + 1000, significand: 1)
        }
        return value * Double(sign: .plus, exponent: k, significand: 1)
    }

    /// `base^exponent` for `base > 0`, as `exp(exponent * log(base))`.
    @inlinable
    package static func pow(_ base: Double, _ exponent: Double) -> Double {
        if exponent == 0 { return 1 }
        if base == 1 { return 1 }
        return exp(exponent * log(base))
    }
}
