import Foundation
import HyperTuneNumerics
import Testing

@Suite("LogSumExp")
struct LogSumExpTests {
    @Test("matches the direct sum where it does not overflow")
    func direct() {
        let values = [-1.5, 0.25, 2, -30, 0]
        let expected = log(values.map { exp($0) }.reduce(0, +))
        #expect(abs(LogSumExp.of(values) - expected) <= 4 * expected.ulp)
        #expect(LogSumExp.of([3.0]) == 3)
        #expect(abs(LogSumExp.of([0.0, 0.0]) - log(2.0)) <= 2 * log(2.0).ulp)
    }

    @Test("does not overflow or underflow")
    func extremes() {
        // log(e^1000 + e^1000) = 1000 + log 2; log(e^-1000 · 3) = -1000 + log 3.
        #expect(abs(LogSumExp.of([1000, 1000]) - (1000 + log(2.0))) <= 1e-12)
        #expect(abs(LogSumExp.of([-1000, -1000, -1000]) - (-1000 + log(3.0))) <= 1e-12)
        // A term 800 below the maximum is negligible.
        #expect(LogSumExp.of([0, -800]) == 0)
    }

    @Test("infinities, NaN and the empty sum")
    func special() {
        #expect(LogSumExp.of([Double]()) == -.infinity)
        #expect(LogSumExp.of([-.infinity, -.infinity]) == -.infinity)
        #expect(LogSumExp.of([-.infinity, 1]) == 1)
        #expect(LogSumExp.of([.infinity, 1]) == .infinity)
        #expect(LogSumExp.of([.nan, 1]).isNaN)
    }
}
