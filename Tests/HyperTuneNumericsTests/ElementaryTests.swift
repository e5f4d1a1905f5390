import Foundation
import HyperTuneCore
import HyperTuneNumerics
import Testing

@Suite("Elementary functions")
struct ElementaryTests {
    /// The distance in units in the last place between two doubles of the same sign.
    static func ulps(_ a: Double, _ b: Double) -> Double {
        if a == b { return 0 }
        return abs(a - b) / b.ulp
    }

    @Test("log is within 1 ulp of the platform's across the range")
    func logAccuracy() {
        var generator = SeededGenerator(seed: 11 as UInt64)
        var worst = 0.0
        for _ in 0..<200_000 {
            // Exponents from -1070 to 1020, random significands.
            let x = Foundation.exp(generator.nextDouble(in: -740...705))
            worst = max(worst, Self.ulps(Elementary.log(x), Foundation.log(x)))
        }
        for x in [
            1.0, 2.0, 0.5, 1e-300, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 1 + 1e-15, 1 - 1e-16, 0.7071067811865476,
            1.4142135623730951,
        ] {
            worst = max(worst, Self.ulps(Elementary.log(x), Foundation.log(x)))
        }
        #expect(worst <= 1.0)
        #expect(Elementary.log(1) == 0)
        #expect(Elementary.log(0) == -.infinity)
        #expect(Elementary.log(-1).isNaN)
        #expect(Elementary.log(.infinity) == .infinity)
        #expect(Elementary.log(.nan).isNaN)
    }

    @Test("exp is within 1 ulp of the platform's across the range")
    func expAccuracy() {
        var generator = SeededGenerator(seed: 12 as UInt64)
        var worst = 0.0
        for _ in 0..<200_000 {
            let x = generator.nextDouble(in: -708...709)
            worst = max(worst, Self.ulps(Elementary.exp(x), Foundation.exp(x)))
        }
        for x in [0.0, 1.0, -1.0, 1e-10, -1e-10, 0.34657359027997264, 700] {
            worst = max(worst, Self.ulps(Elementary.exp(x), Foundation.exp(x)))
        }
        #expect(worst <= 1.0)
        #expect(Elementary.exp(0) == 1)
        #expect(Elementary.exp(710) == .infinity)
        #expect(Elementary.exp(-746) == 0)
        #expect(Elementary.exp(-.infinity) == 0)
        #expect(Elementary.exp(.nan).isNaN)
        // Subnormal results stay close (two roundings there).
        #expect(abs(Elementary.exp(-740) - Foundation.exp(-740)) <= 2 * Foundation.exp(-740).ulp)
    }

    @Test("log1p and expm1 are accurate near zero")
    func nearZero() {
        var generator = SeededGenerator(seed: 13 as UInt64)
        var worst = 0.0
        for _ in 0..<50_000 {
            let x = (generator.nextDouble() - 0.5) * Foundation.pow(10, -generator.nextDouble(in: 0...15))
            worst = max(worst, Self.ulps(Elementary.log1p(x), Foundation.log1p(x)))
            worst = max(worst, Self.ulps(Elementary.expm1(x), Foundation.expm1(x)))
        }
        #expect(worst <= 1.0)
        #expect(abs(Elementary.log1p(3) - Foundation.log1p(3)) <= Foundation.log1p(3).ulp)
        #expect(Elementary.log1p(-1) == -.infinity)
        #expect(Elementary.expm1(-50) == -1)
    }
}
