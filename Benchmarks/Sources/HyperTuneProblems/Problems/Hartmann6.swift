import Foundation

extension BenchmarkProblem {
    /// Hartmann 6-D.
    ///
    /// `f(x) = -Σ_{i=1..4} α_i exp(-Σ_{j=1..6} A_ij (x_j - P_ij)²)` on `[0, 1]⁶`, with the usual
    /// constants `α`, `A` and `P` (`hartmannAlpha`, `hartmannA`, `hartmannP` in the source). Minimum
    /// `-3.3223680114155147` at `(0.2016895110067004, 0.15001069182346755, 0.4768739742218915,
    /// 0.275332430494058, 0.31165161660011237, 0.6573005340656208)` (the published point polished
    /// by BFGS to a gradient below 1e-12). No shift: the optimum is already away from the centre.
    ///
    /// Source: Hartman, "Some experiments in global optimization", Naval Research Logistics
    /// Quarterly 20(3), 1973; constants as in Dixon and Szegö (1978).
    public static let hartmann6 = continuous(
        name: "hartmann6", summary: "Hartmann, 6-D, six local minima",
        domain: Array(repeating: 0...1, count: 6), shift: Array(repeating: 0, count: 6),
        textbookOptimum: hartmannOptimum, optimumValue: -3.3223680114155147, function: hartmann)

    /// Hartmann 6-D with additive Gaussian noise of standard deviation 0.1 (see ``ProblemNoise``).
    /// Regret is judged on the noise-free value (``hartmann6``'s); domain, optimum and (no) shift
    /// are ``hartmann6``'s.
    public static let noisyHartmann6 = continuous(
        name: "noisy-hartmann6", summary: "Hartmann, 6-D, Gaussian noise σ = 0.1",
        domain: Array(repeating: 0...1, count: 6), shift: Array(repeating: 0, count: 6),
        textbookOptimum: hartmannOptimum, optimumValue: -3.3223680114155147,
        noise: ProblemNoise(standardDeviation: 0.1), function: hartmann)

    static let hartmannOptimum = [
        0.2016895110067004, 0.15001069182346755, 0.4768739742218915, 0.275332430494058, 0.31165161660011237,
        0.6573005340656208,
    ]
    static let hartmannAlpha = [1.0, 1.2, 3.0, 3.2]
    static let hartmannA: [[Double]] = [
        [10, 3, 17, 3.5, 1.7, 8],
        [0.05, 10, 17, 0.1, 8, 14],
        [3, 3.5, 1.7, 10, 17, 8],
        [17, 8, 0.05, 10, 0.1, 14],
    ]
    static let hartmannP: [[Double]] = [
        [0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886],
        [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
        [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650],
        [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381],
    ]

    @Sendable static func hartmann(_ x: [Double]) -> Double {
        var total = 0.0
        for i in 0..<4 {
            var inner = 0.0
            for j in 0..<6 {
                let d = x[j] - hartmannP[i][j]
                inner += hartmannA[i][j] * d * d
            }
            total -= hartmannAlpha[i] * exp(-inner)
        }
        return total
    }
}
