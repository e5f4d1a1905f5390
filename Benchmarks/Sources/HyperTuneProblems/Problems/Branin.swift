import Foundation

extension BenchmarkProblem {
    /// Branin (Branin-Hoo), 2-D.
    ///
    /// `f(x) = a (x1 - b x0² + c x0 - r)² + s (1 - t) cos(x0) + s` with `a = 1`, `b = 5.1 / (4π²)`,
    /// `c = 5 / π`, `r = 6`, `s = 10`, `t = 1 / (8π)`, on `x0 ∈ [-5, 10]`, `x1 ∈ [0, 15]`.
    /// Minimum `5 / (4π) ≈ 0.397887` at three points: `(-π, 12.275)`, `(π, 2.275)` and
    /// `(3π, 2.475)`; ``optimum`` names `(π, 2.275)`. No shift: the box centre `(2.5, 7.5)` is far
    /// from all three.
    ///
    /// Source: Dixon and Szegö (eds.), "Towards Global Optimisation 2", North-Holland, 1978; the
    /// form above is the one of Surjanovic and Bingham's Virtual Library of Simulation Experiments.
    public static let branin = continuous(
        name: "branin", summary: "Branin, 2-D, three global minima",
        domain: [-5...10, 0...15], shift: [0, 0], textbookOptimum: [Double.pi, 2.275], optimumValue: 5 / (4 * Double.pi)
    ) { x in
        let b = 5.1 / (4 * Double.pi * Double.pi)
        let c = 5 / Double.pi
        let t = 1 / (8 * Double.pi)
        let u = x[1] - b * x[0] * x[0] + c * x[0] - 6
        return u * u + 10 * (1 - t) * cos(x[0]) + 10
    }
}
