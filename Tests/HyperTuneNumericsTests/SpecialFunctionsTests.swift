import Foundation
import HyperTuneCore
import HyperTuneNumerics
import Testing

/// References computed with mpmath at 40-50 significant digits, rounded to the nearest double.
@Suite("Special functions")
struct SpecialFunctionsTests {
    /// |a - b| in units of b's ulp.
    static func ulps(_ a: Double, _ b: Double) -> Double {
        a == b ? 0 : abs(a - b) / b.ulp
    }

    @Test(
        "erfcx",
        arguments: [
            (-3.0, 16205.988853999586), (-0.5, 1.952360489182557), (0, 1), (0.3, 0.7345993345676551),
            (1, 0.427583576155807), (2.75, 0.1936620962790687), (5.9, 0.09430713614832703),
            (11.99, 0.046893031655408327), (12, 0.04685422101489376), (20, 0.02817434874105132),
            (100, 0.005641613782989433), (1e6, 5.641895835474742e-07),
        ])
    func erfcx(x: Double, expected: Double) {
        #expect(Self.ulps(SpecialFunctions.erfcx(x), expected) <= 4)
    }

    @Test(
        "erfc",
        arguments: [
            (-2.0, 1.9953222650189528), (-0.1, 1.1124629160182848), (0.2, 0.7772974107895215),
            (0.5, 0.4795001221869535), (1.5, 0.033894853524689274), (4, 1.541725790028002e-08),
            (10, 2.088487583762545e-45), (26, 5.663192408856143e-296),
        ])
    func erfc(x: Double, expected: Double) {
        #expect(Self.ulps(SpecialFunctions.erfc(x), expected) <= 4)
    }

    @Test(
        "erf",
        arguments: [
            (1e-10, 1.1283791670955126e-10), (-0.3, -0.3286267594591274), (0.49, 0.511668261188523),
            (0.51, 0.5292436198411704), (1, 0.8427007929497149), (3, 0.9999779095030014),
        ])
    func erf(x: Double, expected: Double) {
        #expect(Self.ulps(SpecialFunctions.erf(x), expected) <= 4)
    }

    @Test(
        "log Φ, from the far lower tail to the upper one",
        arguments: [
            (-40.0, -804.6084420137538), (-20, -203.91715537109727), (-5, -15.064998393988725),
            (-1.5, -2.7059444008238898), (-0.5, -1.1759117615936185), (0, -0.6931471805599453),
            (0.5, -0.3689464152886564), (3, -0.0013508099647481938), (10, -7.619853024160525e-24),
        ])
    func logCDF(z: Double, expected: Double) {
        #expect(Self.ulps(SpecialFunctions.normalLogCDF(z), expected) <= 4)
    }

    @Test(
        "Φ",
        arguments: [
            (-10.0, 7.619853024160525e-24), (-1, 0.15865525393145705), (0.25, 0.5987063256829237),
            (2, 0.9772498680518208),
        ])
    func cdf(z: Double, expected: Double) {
        #expect(Self.ulps(SpecialFunctions.normalCDF(z), expected) <= 4)
        #expect(SpecialFunctions.normalCDF(-38) > 0)
    }

    @Test(
        "the normal quantile inverts Φ",
        arguments: [
            (1e-300, -37.0470962993612), (1e-20, -9.262340089798407), (1e-05, -4.264890793922825),
            (0.01, -2.326347874040841), (0.2, -0.8416212335729142), (0.4999, -0.00025066283008800747),
            (0.75, 0.6744897501960817), (0.999999, 4.753424308817087),
        ])
    func quantile(p: Double, expected: Double) {
        #expect(Self.ulps(SpecialFunctions.normalQuantile(p), expected) <= 8)
    }

    @Test("quantile edge cases and round trips")
    func quantileEdges() {
        #expect(SpecialFunctions.normalQuantile(0) == -.infinity)
        #expect(SpecialFunctions.normalQuantile(1) == .infinity)
        #expect(SpecialFunctions.normalQuantile(0.5) == 0)
        #expect(SpecialFunctions.normalQuantile(-0.1).isNaN)
        var generator = SeededGenerator(seed: 5 as UInt64)
        for _ in 0..<2000 {
            let p = generator.nextOpenDouble()
            let z = SpecialFunctions.normalQuantile(p)
            #expect(abs(SpecialFunctions.normalCDF(z) - p) <= 4 * p.ulp + 1e-16)
        }
    }

    @Test(
        "log mass of an interval, including far tails and narrow intervals",
        arguments: [
            (-40.0, -39.0, -765.0831565643775), (-1, 1, -0.38171514630212605), (3, 3.0001, -14.629428903095286),
            (10, 12, -53.231285150745606), (-0.5, 0.25, -1.2372925013224503), (5, .infinity, -15.064998393988725),
        ])
    func logMass(a: Double, b: Double, expected: Double) {
        // The narrow interval loses digits to the rounding of its endpoints' difference: 1e-12 relative.
        #expect(abs(SpecialFunctions.normalLogMass(from: a, to: b) - expected) <= 1e-12 * abs(expected))
        #expect(SpecialFunctions.normalLogMass(from: 1, to: 1) == -.infinity)
    }

    @Test("erf and erfc agree with the platform's across the range")
    func sweep() {
        var generator = SeededGenerator(seed: 17 as UInt64)
        var worstErfc = 0.0
        var worstErf = 0.0
        for _ in 0..<100_000 {
            let x = generator.nextDouble(in: -6...27)
            worstErfc = max(worstErfc, Self.ulps(SpecialFunctions.erfc(x), Foundation.erfc(x)))
            let y = generator.nextDouble(in: -6...6)
            worstErf = max(worstErf, Self.ulps(SpecialFunctions.erf(y), Foundation.erf(y)))
        }
        // Two independent approximations, each within a couple of ulps of the truth.
        #expect(worstErfc <= 6)
        #expect(worstErf <= 4)
    }
}
