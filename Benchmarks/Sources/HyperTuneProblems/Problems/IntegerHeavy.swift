import Foundation
import HyperTuneSearchSpace

extension BenchmarkProblem {
    /// An integer-heavy problem, 10-D: nine integers (plain, stepped and log-scaled) and one float.
    ///
    /// Parameters: `n0 … n5 ∈ [-10, 10]`, `m0, m1 ∈ [0, 100]` step 5, `b ∈ [1, 1024]` (log integer),
    /// `scale ∈ [0, 1]` (float). With targets `t = (3, -7, 6, -2, 8, -5)`:
    /// `f = Σ (n_i - t_i)² + ½ ((n0 - n1) - (t0 - t1))² + 0.01 ((m0 - 35)² + (m1 - 85)²)
    ///      + ½ (log2 b - log2 40)² + 4 (scale - 0.3)²`.
    /// Minimum 0 at `n = t`, `m0 = 35`, `m1 = 85`, `b = 40`, `scale = 0.3`; every target is off the
    /// centre of its range by construction.
    public static let integerHeavy = BenchmarkProblem(
        name: "integer", summary: "integer-heavy, 9 ints (plain, step, log) and 1 float",
        searchSpace: SearchSpace(
            Dictionary(uniqueKeysWithValues: (0..<6).map { ("n\($0)", Distribution.int(try! IntDistribution(-10...10))) })
                .merging([
                    "m0": .int(try! IntDistribution(0...100, step: 5)),
                    "m1": .int(try! IntDistribution(0...100, step: 5)),
                    "b": .int(try! IntDistribution(1...1024, log: true)),
                    "scale": .float(try! FloatDistribution(0...1)),
                ]) { first, _ in first }),
        optimumValue: 0,
        optimum: ["n0": 3, "n1": -7, "n2": 6, "n3": -2, "n4": 8, "n5": -5, "m0": 35, "m1": 85, "b": 40, "scale": 0.3]
    ) { trial in
        let targets = [3, -7, 6, -2, 8, -5]
        var n = [Int](repeating: 0, count: 6)
        var total = 0.0
        for i in 0..<6 {
            n[i] = try trial.suggestInt("n\(i)", in: -10...10, step: 1, log: false)
            let d = Double(n[i] - targets[i])
            total += d * d
        }
        let coupling = Double((n[0] - n[1]) - (targets[0] - targets[1]))
        total += 0.5 * coupling * coupling
        let m0 = Double(try trial.suggestInt("m0", in: 0...100, step: 5, log: false) - 35)
        let m1 = Double(try trial.suggestInt("m1", in: 0...100, step: 5, log: false) - 85)
        total += 0.01 * (m0 * m0 + m1 * m1)
        let b = log2(Double(try trial.suggestInt("b", in: 1...1024, step: 1, log: true))) - log2(40.0)
        total += 0.5 * b * b
        let scale = try trial.suggestFloat("scale", in: 0...1, step: nil, log: false) - 0.3
        return total + 4 * scale * scale
    }
}
