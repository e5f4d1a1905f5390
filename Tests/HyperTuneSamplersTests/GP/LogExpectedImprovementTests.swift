import Testing

@testable import HyperTuneSamplers

/// References: mpmath at 60 digits, `log(φ(z) + z Φ(z))` and `Φ(z) / (φ(z) + z Φ(z))`, rounded
/// to the nearest double (python3 -c "import mpmath; ..." in the commit that added this file).
@Suite("Log expected improvement")
struct LogExpectedImprovementTests {
    static let references: [(Double, Double, Double)] = [
        (-1000, -500014.73445209116, 1000.001999994),
        (-40, -808.29856835662, 40.04990665764852),
        (-38.5, -749.3472742078229, 38.55184340493951),
        (-30, -457.724653760598, 30.06644615416242),
        (-25, -319.86146358149597, 25.07962023426653),
        (-20, -206.9178385094251, 20.099262811101283),
        (-15, -118.84817068411358, 15.131608564904813),
        (-10, -55.55312203612235, 10.194383033412553),
        (-7.5, -33.1240943455347, 7.753958154845191),
        (-5, -16.74430116266099, 5.361816241288088),
        (-4.5, -14.18048838186834, 4.894287193899971),
        (-4, -11.849061577550662, 4.432483741873118),
        (-3.5, -9.746810037765387, 3.9778629562409455),
        (-3, -7.869686059603029, 3.5323375176251606),
        (-2.999, -7.866154162275597, 3.5314571449360526),
        (-2.5, -6.212541645443513, 3.098423296791162),
        (-2, -4.768783523917114, 2.679416883955586),
        (-1.5, -3.52993592080571, 2.2795806941564463),
        (-1.0001, -2.4853114564458836, 1.9043434317165273),
        (-1, -2.4851210257126413, 1.9042712333296918),
        (-0.75, -2.031284584632082, 1.7277782847482857),
        (-0.5, -1.6205162643873199, 1.5598731483480797),
        (-0.25, -1.2505589553352225, 1.4014356710866813),
        (0, -0.9189385332046728, 1.2533141373155003),
        (0.25, -0.6229782309067678, 1.1162715463877813),
        (0.5, -0.3598276837450638, 0.9909227180041099),
        (1, 0.08002621884930694, 0.7766387252017393),
        (1.5, 0.4248145567622593, 0.6102064036707615),
        (2, 0.6973835457882284, 0.48655931878528386),
        (3, 1.0987396653277077, 0.3328409684517952),
        (4, 1.3862961474329032, 0.2499916356258311),
        (5, 1.6094379231264313, 0.19999994053122006),
    ]

    @Test("log h(z) and its derivative match 60-digit references from z = -1000 to 5")
    func references() {
        for (z, logH, derivative) in Self.references {
            let (value, slope) = LogExpectedImprovement.logHAndDerivative(z)
            // Relative error of a few ulps; near log h = 0 (z ≈ 0.92) an absolute 4e-16 instead.
            #expect(abs(value - logH) <= 8 * logH.ulp + 4e-16, "log h(\(z)) = \(value), expected \(logH)")
            #expect(abs(slope - derivative) <= 16 * derivative.ulp, "d log h(\(z)) = \(slope), expected \(derivative)")
        }
    }

    @Test("log h is increasing and finite over the whole range, with no seam between the formulas")
    func monotone() {
        var previous = -Double.infinity
        var z = -60.0
        while z <= 8 {
            let value = LogExpectedImprovement.logH(z)
            #expect(value.isFinite && value > previous, "at z = \(z)")
            previous = value
            z += 0.001
        }
        #expect(LogExpectedImprovement.logH(-1e150) == -.infinity || LogExpectedImprovement.logH(-1e150) < -1e299)
    }
}
