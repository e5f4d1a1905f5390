extension BenchmarkProblem {
    /// Styblinski-Tang, 10-D, shifted.
    ///
    /// `f(y) = ½ Σ (y_i⁴ - 16 y_i² + 5 y_i)` with `y = x - s`, on `[-5, 5]¹⁰`. The textbook minimizer
    /// is `y_i = -2.903534027771177` (the root of `4y³ - 32y + 5`) in every coordinate, with minimum
    /// `-39.16616570377141 · 10 = -391.6616570377141`. Shift
    /// `s = (0.5, -0.75, 1, 0.25, -0.5, 0.75, -1, 1.25, -0.25, 1.5)`, so the optimum's coordinates
    /// range from -3.90 to -1.40 instead of all being equal (the shifts are small so that the
    /// quartic does not blow up at the box's edge and each coordinate keeps its second, local
    /// minimum near `y_i ≈ 2.75` inside the box).
    ///
    /// Source: Styblinski and Tang, "Experiments in nonconvex optimization: stochastic approximation
    /// with function smoothing and simulated annealing", Neural Networks 3(4), 1990.
    public static let styblinskiTang10 = continuous(
        name: "styblinski-tang10", summary: "Styblinski-Tang, 10-D, shifted",
        domain: Array(repeating: -5...5, count: 10), shift: [0.5, -0.75, 1, 0.25, -0.5, 0.75, -1, 1.25, -0.25, 1.5],
        textbookOptimum: Array(repeating: -2.903534027771177, count: 10), optimumValue: -391.6616570377141
    ) { y in
        var total = 0.0
        for value in y {
            let square = value * value
            total += square * square - 16 * square + 5 * value
        }
        return total / 2
    }
}
