/// `exp` and `expm1` from IEEE-754 arithmetic only (`+ - * /`, exact scaling), so the model trains
/// to the same bits on every platform: libm implementations differ in the last bit, and 20 epochs
/// of training turn one ulp into a different learning curve. Benchmarks/problems/digits-curves.json
/// was recorded with these functions.
///
/// They are the same algorithms, step for step, as the library's internal `Elementary` functions
/// (HyperTuneNumerics, not a product, so an example cannot import it): `x = k log 2 + r` with
/// `|r| <= log(2)/2`, a Taylor polynomial of degree 13 for `exp(r) - 1`, an exact scaling by `2^k`
/// (J.-M. Muller, "Elementary Functions: Algorithms and Implementation", 3rd ed., 2016, ch. 11).
enum PortableExponential {
    /// `log 2` split so that `k * ln2Hi` is exact for `|k| < 2^32`, and the rest.
    private static let ln2Hi = 0x1.62e42p-1
    private static let ln2Lo = 0x1.fdf473de6af28p-22
    private static let invLn2 = 0x1.71547652b82fep+0

    /// `e^x`: `inf` above about 709.78, 0 below about -745.13.
    @inline(__always)
    static func exp(_ x: Double) -> Double {
        guard x.isFinite else { return x.isNaN ? x : (x > 0 ? .infinity : 0) }
        if x > 709.782712893384 { return .infinity }
        if x < -745.1332191019412 { return 0 }
        if abs(x) < 0x1p-54 { return 1 + x }
        let k = (x * invLn2).rounded()
        return scale(1 + expm1Reduced((x - k * ln2Hi) - k * ln2Lo), by: Int(k))
    }

    /// `e^x - 1`, accurate for small `x`.
    @inline(__always)
    static func expm1(_ x: Double) -> Double {
        if abs(x) <= 0x1.62e42fefa39efp-2 { return expm1Reduced(x) }  // log(2)/2: no reduction
        if abs(x) <= 0.75 {
            // Reducing would cancel: x + x^2 (1/2! + x (1/3! + ... + x/18!)).
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
        // 2^k (1 + p) - 1 with the -1 folded in before scaling.
        let k = (x * invLn2).rounded()
        let p = expm1Reduced((x - k * ln2Hi) - k * ln2Lo)
        let power = Int(k)
        if power >= 1 && power <= 56 { return scale(p + (1 - scale(1, by: -power)), by: power) }
        if power <= -1 && power >= -53 { return scale(p, by: power) - (1 - scale(1, by: power)) }
        return exp(x) - 1
    }

    /// `e^r - 1` for `|r| <= log(2)/2 + tiny`: `r + r^2 (1/2! + r (1/3! + ... + r/13!))`.
    @inline(__always)
    private static func expm1Reduced(_ r: Double) -> Double {
        var p = 1.0 / 6_227_020_800  // 1/13!
        p = p * r + 1.0 / 479_001_600
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
    @inline(__always)
    private static func scale(_ value: Double, by k: Int) -> Double {
        if k > 1000 { return value * 0x1p1000 * Double(sign: .plus, exponent: k - 1000, significand: 1) }
        if k < -1000 { return value * 0x1p-1000 * Double(sign: .plus, exponent: k + 1000, significand: 1) }
        return value * Double(sign: .plus, exponent: k, significand: 1)
    }
}
