import Foundation
import HyperTuneSearchSpace

extension BenchmarkProblem {
    /// A log-scaled problem, 4-D: three log-scaled floats and one log-scaled integer, as a learning
    /// rate, a weight decay, an epsilon and a layer width would be.
    ///
    /// Parameters: `lr ∈ [1e-5, 1]`, `weight_decay ∈ [1e-7, 1e-1]`, `epsilon ∈ [1e-10, 1e-4]` (log
    /// floats), `units ∈ [4, 1024]` (log integer). With `u = log10(lr / 2e-4)`,
    /// `v = log10(weight_decay / 3e-2)`, `w = log10(epsilon / 5e-9)`, `q = log2(units / 48)`
    /// (each computed as a difference of logarithms):
    /// `f = u² + u v + v² + ½ w² + ½ q²` (a positive-definite quadratic in log space, `u` and `v`
    /// correlated). Minimum 0 at `lr = 2e-4`, `weight_decay = 3e-2`, `epsilon = 5e-9`, `units = 48`;
    /// each optimum is placed off the centre of its log range (the centres are about 3.2e-3, 1e-4,
    /// 1e-7 and 64), which is this problem's shift.
    public static let logScaled = BenchmarkProblem(
        name: "log-scaled", summary: "log-scaled floats and int, 4-D, correlated quadratic in log space",
        searchSpace: SearchSpace([
            "lr": .float(try! FloatDistribution(1e-5...1, log: true)),
            "weight_decay": .float(try! FloatDistribution(1e-7...1e-1, log: true)),
            "epsilon": .float(try! FloatDistribution(1e-10...1e-4, log: true)),
            "units": .int(try! IntDistribution(4...1024, log: true)),
        ]),
        optimumValue: 0, optimum: ["lr": 2e-4, "weight_decay": 3e-2, "epsilon": 5e-9, "units": 48]
    ) { trial in
        let lr = try trial.suggestFloat("lr", in: 1e-5...1, step: nil, log: true)
        let weightDecay = try trial.suggestFloat("weight_decay", in: 1e-7...1e-1, step: nil, log: true)
        let epsilon = try trial.suggestFloat("epsilon", in: 1e-10...1e-4, step: nil, log: true)
        let units = try trial.suggestInt("units", in: 4...1024, step: 1, log: true)
        let u = log10(lr) - log10(2e-4)
        let v = log10(weightDecay) - log10(3e-2)
        let w = log10(epsilon) - log10(5e-9)
        let q = log2(Double(units)) - log2(48.0)
        return u * u + u * v + v * v + 0.5 * w * w + 0.5 * q * q
    }
}
