import Foundation

extension BenchmarkProblem {
    /// Levy, 6-D, shifted.
    ///
    /// With `y = x - s` and `w_i = 1 + (y_i - 1) / 4`:
    /// `f(y) = sin²(π w_1) + Σ_{i<d} (w_i - 1)² (1 + 10 sin²(π w_i + 1)) + (w_d - 1)² (1 + sin²(2π w_d))`,
    /// on `[-10, 10]⁶`. Shift `s = (2.5, -4, 5.5, -1.5, 3, -6.5)`, so the minimum 0 is at
    /// `x = (3.5, -3, 6.5, -0.5, 4, -5.5)` instead of the textbook `(1, …, 1)` next to the centre.
    ///
    /// Source: Levy and Montalvo, "The tunneling algorithm for the global minimization of
    /// functions", SIAM Journal on Scientific and Statistical Computing 6(1), 1985; the form of
    /// Surjanovic and Bingham's Virtual Library of Simulation Experiments.
    public static let levy6 = continuous(
        name: "levy6", summary: "Levy, 6-D, shifted, many local minima",
        domain: Array(repeating: -10...10, count: 6), shift: [2.5, -4, 5.5, -1.5, 3, -6.5],
        textbookOptimum: Array(repeating: 1, count: 6), optimumValue: 0
    ) { y in
        let w = y.map { 1 + ($0 - 1) / 4 }
        let first = sin(Double.pi * w[0])
        var total = first * first
        for i in 0..<(w.count - 1) {
            let s = sin(Double.pi * w[i] + 1)
            total += (w[i] - 1) * (w[i] - 1) * (1 + 10 * s * s)
        }
        let last = w[w.count - 1]
        let s = sin(2 * Double.pi * last)
        return total + (last - 1) * (last - 1) * (1 + s * s)
    }
}
