import HyperTuneCore
import HyperTuneProblems
import Testing

@Suite("Mann-Whitney U test")
struct MannWhitneyTestTests {
    /// References: exact p-values by enumerating every split of the pooled sample (Python,
    /// fractions); for the samples without ties they equal SciPy 1.17's
    /// `mannwhitneyu(x, y, alternative="less", method="exact")`.
    static let cases: [(first: [Double], second: [Double], u: Double, pLess: Double)] = [
        ([1.1, 2.2, 3.3, 4.4, 5.5], [6.6, 7.7, 8.8, 9.9, 10.1], 0.0, 1.0 / 252),
        (
            [0.3, -1.2, 2.5, 0.9, -0.4, 1.7, 0.2, -0.8, 1.1, 0.6], [1.3, 0.8, 2.9, 1.9, 0.7, 2.2, 1.6, 0.1, 3.1, 1.4], 23.0,
            3996.0 / 184_756
        ),
        ([1, 2, 2, 3, 3, 3, 4], [2, 3, 3, 4, 5, 5, 6, 6], 10.5, 155.0 / 6435),
        ([5, 5, 5], [5, 5, 5, 5], 6.0, 1.0),
        (
            [-2.31, -1.95, -2.8, -1.12, -2.05, -3.1, -1.77, -2.6, -2.2, -1.5],
            [-1.76, -2.46, -0.65, -1.41, -2.01, -1.22, -1.8, -0.4, -2.08, -1.15], 24.0, 4843.0 / 184_756
        ),
    ]

    @Test("exact one-sided p-values, with and without ties", arguments: cases)
    func exact(first: [Double], second: [Double], u: Double, pLess: Double) {
        let test = MannWhitneyTest(first, second)
        #expect(test.isExact)
        #expect(test.u == u)
        #expect(abs(test.pValueLess - pLess) < 1e-12)
        // The other direction is the same test with the samples swapped.
        let swapped = MannWhitneyTest(second, first)
        #expect(abs(swapped.pValueGreater - pLess) < 1e-12)
        #expect(swapped.u == Double(first.count * second.count) - u)
    }

    @Test("the dynamic program agrees with enumerating every split")
    func enumeration() {
        var generator = SeededGenerator(seed: 17 as UInt64)
        for _ in 0..<20 {
            // Small samples from few values: many ties.
            let first = (0..<6).map { _ in Double(generator.nextInt(below: 5)) }
            let second = (0..<7).map { _ in Double(generator.nextInt(below: 5)) }
            let test = MannWhitneyTest(first, second)
            let pooled = first + second
            func u(_ chosen: [Int]) -> Double {
                let rest = pooled.indices.filter { !chosen.contains($0) }
                var total = 0.0
                for i in chosen {
                    for j in rest { total += pooled[i] > pooled[j] ? 1 : (pooled[i] == pooled[j] ? 0.5 : 0) }
                }
                return total
            }
            var atMost = 0
            var count = 0
            func walk(_ start: Int, _ chosen: [Int]) {
                if chosen.count == 6 {
                    count += 1
                    if u(chosen) <= test.u { atMost += 1 }
                    return
                }
                guard start < pooled.count else { return }
                for next in start..<pooled.count { walk(next + 1, chosen + [next]) }
            }
            walk(0, [])
            #expect(count == 1716)
            #expect(abs(test.pValueLess - Double(atMost) / Double(count)) < 1e-12)
        }
    }

    @Test("large samples use the normal approximation with tie correction")
    func approximation() {
        // SciPy 1.17: mannwhitneyu(x, y, alternative="less", method="asymptotic", use_continuity=False).
        let first = (0..<60).map { Double((37 * $0) % 53) / 10 }
        let second = (0..<70).map { Double((41 * $0 + 9) % 51) / 10 }
        let test = MannWhitneyTest(first, second)
        #expect(!test.isExact)
        #expect(test.u == 2151.5)
        #expect(abs(test.pValueLess - 0.5950514462564855) < 1e-12)
        #expect(abs(test.pValueGreater - 0.4049485537435144) < 1e-12)
        // At 60 values the test is exact, and close to the approximation (0.8435 here).
        let tied = MannWhitneyTest((0..<30).map { Double((7 * $0) % 13) / 2 }, (0..<30).map { Double((5 * $0 + 3) % 11) / 2 })
        #expect(tied.isExact)
        #expect(tied.u == 518)
        #expect(abs(tied.pValueLess - 0.8435) < 0.02)
    }
}
