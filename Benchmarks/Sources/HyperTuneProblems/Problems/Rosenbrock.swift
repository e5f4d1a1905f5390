extension BenchmarkProblem {
    /// Rosenbrock, 4-D, shifted.
    ///
    /// `f(y) = Σ_{i=0..2} 100 (y_{i+1} - y_i²)² + (1 - y_i)²` with `y = x - s`, on `[-5, 10]⁴`.
    /// Shift `s = (0.5, -1.5, 2, -0.75)`, so the minimum 0 is at `x = (1.5, -0.5, 3, 0.25)` (the
    /// textbook minimizer `(1, 1, 1, 1)` lies on the box's diagonal; the shift breaks that symmetry).
    ///
    /// Source: Rosenbrock, "An automatic method for finding the greatest or least value of a
    /// function", The Computer Journal 3(3), 1960 (the d-dimensional form is the usual extension).
    public static let rosenbrock4 = continuous(
        name: "rosenbrock4", summary: "Rosenbrock, 4-D, shifted",
        domain: Array(repeating: -5...10, count: 4), shift: [0.5, -1.5, 2, -0.75],
        textbookOptimum: [1, 1, 1, 1], optimumValue: 0
    ) { y in
        var total = 0.0
        for i in 0..<(y.count - 1) {
            let a = y[i + 1] - y[i] * y[i]
            let b = 1 - y[i]
            total += 100 * a * a + b * b
        }
        return total
    }
}
