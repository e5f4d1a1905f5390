import HyperTuneNumerics
import Testing

@Suite("GoldenSection")
struct GoldenSectionTests {
    @Test("finds the minimum of a parabola and shrinks the bracket by the golden ratio per step")
    func parabola() {
        var evaluations = 0
        let bracket = GoldenSection.minimize(-2, 1, iterations: 60) { x in
            evaluations += 1
            return (x - 0.3) * (x - 0.3) + 1
        }
        #expect(evaluations == 62)
        #expect(abs(bracket.best.x - 0.3) < 1e-7)
        #expect(abs(bracket.best.value - 1) < 1e-13)
        // 3 · 0.618^60 ≈ 9e-13: the bracket is that wide, to rounding.
        let width = bracket.high - bracket.low
        #expect(width > 0 && width < 2e-12)
        #expect(bracket.low <= bracket.lower && bracket.lower <= bracket.upper && bracket.upper <= bracket.high)
    }

    @Test("a minimum at an end of the interval is approached, never left")
    func endpoint() {
        let bracket = GoldenSection.minimize(0, 1, iterations: 50) { x in x }
        #expect(bracket.low == 0)
        #expect(bracket.best.x < 1e-9)
        let maximum = GoldenSection.minimize(0, 1, iterations: 50) { x in -x }
        #expect(maximum.high == 1)
        #expect(maximum.best.x > 1 - 1e-9)
    }
}
