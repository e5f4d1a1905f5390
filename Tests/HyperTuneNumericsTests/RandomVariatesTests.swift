import HyperTuneCore
import HyperTuneNumerics
import Testing

@Suite("Random variates")
struct RandomVariatesTests {
    @Test("standard normal draws have mean 0 and variance 1")
    func standardNormal() {
        var generator = SeededGenerator(seed: 11 as UInt64)
        let n = 20_000
        var sum = 0.0
        var squares = 0.0
        var belowOne = 0
        for _ in 0..<n {
            let z = RandomVariates.standardNormal(using: &generator)
            sum += z
            squares += z * z
            if z < 1 { belowOne += 1 }
        }
        // Standard errors: mean 1/√n ≈ 0.0071, variance √(2/n) ≈ 0.01, a proportion ≤ 0.0035; 5 of each.
        #expect(abs(sum / Double(n)) < 0.036)
        #expect(abs(squares / Double(n) - 1) < 0.05)
        #expect(abs(Double(belowOne) / Double(n) - SpecialFunctions.normalCDF(1)) < 0.018)
    }

    /// Intervals exercising every branch: wide and narrow around 0, one-sided narrow, near 0, far
    /// in a tail, both tails by symmetry, and half-infinite.
    @Test(
        "truncated normal draws stay inside and split at the truncated median",
        arguments: [
            (-2.0, 3.0), (-0.1, 0.2), (0.0, 0.3), (0.2, 0.5), (0.3, 4.0), (2.0, 2.1), (3.0, 9.0), (-9.0, -3.0),
            (6.0, .infinity), (-.infinity, -1.5), (35.0, 36.0),
        ])
    func truncatedNormal(a: Double, b: Double) {
        var generator = SeededGenerator(seed: 5 as UInt64, stream: 3)
        // The median of the truncated law, from log Φ (accurate in the far tails).
        let logMass = SpecialFunctions.normalLogMass(from: a, to: b)
        let logHalf = logMass + Elementary.log(0.5)
        // The mass of [a, m] is half the mass of [a, b]: bisect, the mass being monotone in m.
        var low = max(a, -60)
        var high = min(b, 60)
        for _ in 0..<200 {
            let middle = 0.5 * (low + high)
            let logBelow = SpecialFunctions.normalLogMass(from: max(a, -60), to: middle)
            if logBelow < logHalf { low = middle } else { high = middle }
        }
        let median = 0.5 * (low + high)
        let n = 4000
        var below = 0
        for _ in 0..<n {
            let z = RandomVariates.truncatedStandardNormal(from: a, to: b, using: &generator)
            #expect(z >= a && z <= b)
            if z < median { below += 1 }
        }
        // Binomial(4000, 1/2): sd ≈ 0.0079; allow 5 sd.
        #expect(abs(Double(below) / Double(n) - 0.5) < 0.04)
    }
}
