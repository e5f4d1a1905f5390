import Foundation
import HyperTuneNumerics
import Testing

@Suite("Normal bin masses")
struct NormalBinMassTests {
    @Test("the fast bin mass agrees with the exact log-mass, by its series and by its direct formulas")
    func agreesWithExact() {
        var worstSeries = 0.0
        var worstDirect = 0.0
        var seriesCount = 0
        for i in 1...120 {
            let halfWidth = 0.5 * Double(i) / 120  // up to 0.5: both branches
            for j in 0...120 {
                let centre = -12 + 24 * Double(j) / 120
                let a = centre - halfWidth
                let b = centre + halfWidth
                let exact = SpecialFunctions.normalLogMass(from: a, to: b)
                let fast = SpecialFunctions.normalLogBinMass(from: a, to: b)
                let error = abs(fast - exact) / max(1, abs(exact))
                if SpecialFunctions.binMassSeriesApplies(centre: 0.5 * (a + b), halfWidth: 0.5 * (b - a)) {
                    seriesCount += 1
                    worstSeries = max(worstSeries, error)
                } else {
                    worstDirect = max(worstDirect, error)
                }
            }
        }
        #expect(seriesCount > 1000)
        // The series' truncation error is below 1e-13; the exact reference itself is good to ~1e-14.
        #expect(worstSeries < 2e-13)
        // The reference itself loses a few digits on narrow bins (it subtracts two logarithms).
        #expect(worstDirect < 1e-13)
    }

    /// References from mpmath at 50 digits.
    @Test(
        "wide, narrow and far bins match 50-digit references",
        arguments: [
            (-40.0, -39.0, -765.08315656437754), (-3.0, -1.0, -1.8495664205476084), (-0.7, 0.2, -1.0867942262326892),
            (-2.0, 5.0, -0.023013202653755122), (0.1, 0.9, -1.286948563110798), (1.0, 1.0001, -10.629328906430924),
            (3.0, 30.0, -6.6077262215103495), (37.0, 38.0, -689.03058557689059), (8.0, 8.5, -35.028792508579748),
        ])
    func references(a: Double, b: Double, expected: Double) {
        #expect(abs(SpecialFunctions.normalLogBinMass(from: a, to: b) - expected) <= 1e-14 * max(1, abs(expected)))
        #expect(abs(SpecialFunctions.normalLogBinMass(from: -b, to: -a) - expected) <= 1e-14 * max(1, abs(expected)))
    }

    @Test("an empty bin has no mass")
    func empty() {
        #expect(SpecialFunctions.normalLogBinMass(from: 0.3, to: 0.3) == -.infinity)
    }
}
