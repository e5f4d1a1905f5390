import Foundation
import HyperTuneSearchSpace

extension BenchmarkProblem {
    /// A conditional (define-by-run) problem: a model family chosen first, then that family's own
    /// parameters, one of them nested one level deeper.
    ///
    /// - `model ∈ {linear, tree, net}`;
    /// - linear: `linear.alpha ∈ [1e-6, 1e2]` (log): `f = 0.8 + 0.1 (log10 alpha - 0.5)²`;
    /// - tree: `tree.depth ∈ [1, 16]`, `tree.min_leaf ∈ [1, 64]` (log int):
    ///   `f = 0.4 + 0.02 (depth - 11)² + 0.1 (log2 min_leaf - log2 3)²`;
    /// - net: `net.layers ∈ [1, 6]`, `net.width ∈ [8, 512]` (log int), `net.lr ∈ [1e-5, 1]` (log),
    ///   and only when `layers ≥ 3`, `net.dropout ∈ [0, 0.5]`:
    ///   `f = 0.05 (layers - 4)² + 0.2 (log2 width - log2 96)² + 0.25 (log10 lr + 2.7)² + g` with
    ///   `g = 2 (dropout - 0.15)²` when `layers ≥ 3`, else `g = 0.1`.
    ///
    /// Minimum 0 at `model = net`, `net.layers = 4`, `net.width = 96`, `net.lr = 10^-2.7`,
    /// `net.dropout = 0.15`; the other families bottom out at 0.4 and 0.8. Optima are off the
    /// centres of their ranges by construction. ``dimension`` counts all 7 parameters; an evaluation
    /// uses 2, 3, 4 or 5 of them.
    public static let conditional = BenchmarkProblem(
        name: "conditional", summary: "conditional define-by-run space, 3 branches, nested parameter",
        searchSpace: SearchSpace([
            "model": .categorical(try! CategoricalDistribution(["linear", "tree", "net"])),
            "linear.alpha": .float(try! FloatDistribution(1e-6...1e2, log: true)),
            "tree.depth": .int(try! IntDistribution(1...16)),
            "tree.min_leaf": .int(try! IntDistribution(1...64, log: true)),
            "net.layers": .int(try! IntDistribution(1...6)),
            "net.width": .int(try! IntDistribution(8...512, log: true)),
            "net.lr": .float(try! FloatDistribution(1e-5...1, log: true)),
            "net.dropout": .float(try! FloatDistribution(0...0.5)),
        ]),
        optimumValue: 0,
        optimum: ["model": "net", "net.layers": 4, "net.width": 96, "net.lr": .float(pow(10, -2.7)), "net.dropout": 0.15]
    ) { trial in
        switch try trial.suggestCategorical("model", ["linear", "tree", "net"]) {
        case "linear":
            let alpha = try trial.suggestFloat("linear.alpha", in: 1e-6...1e2, step: nil, log: true)
            let a = log10(alpha) - 0.5
            return 0.8 + 0.1 * a * a
        case "tree":
            let depth = try trial.suggestInt("tree.depth", in: 1...16, step: 1, log: false)
            let leaf = try trial.suggestInt("tree.min_leaf", in: 1...64, step: 1, log: true)
            let d = Double(depth - 11)
            let l = log2(Double(leaf)) - log2(3.0)
            return 0.4 + 0.02 * d * d + 0.1 * l * l
        default:
            let layers = try trial.suggestInt("net.layers", in: 1...6, step: 1, log: false)
            let width = try trial.suggestInt("net.width", in: 8...512, step: 1, log: true)
            let lr = try trial.suggestFloat("net.lr", in: 1e-5...1, step: nil, log: true)
            var g = 0.1
            if layers >= 3 {
                let dropout = try trial.suggestFloat("net.dropout", in: 0...0.5, step: nil, log: false)
                g = 2 * (dropout - 0.15) * (dropout - 0.15)
            }
            let k = Double(layers - 4)
            let w = log2(Double(width)) - log2(96.0)
            let r = log10(lr) + 2.7
            return 0.05 * k * k + 0.2 * w * w + 0.25 * r * r + g
        }
    }
}
