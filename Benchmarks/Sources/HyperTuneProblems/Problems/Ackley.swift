import Foundation

extension BenchmarkProblem {
    /// Ackley, 8-D, shifted.
    ///
    /// `f(y) = -20 exp(-0.2 sqrt(Σ y_i² / d)) - exp(Σ cos(2π y_i) / d) + 20 + e` with `y = x - s`,
    /// on `[-32.768, 32.768]⁸`. Shift `s = (7.3, -12.1, 3.7, 20.5, -5.9, 14.2, -25.4, 9.8)`, so the
    /// minimum 0 is at `x = s` instead of the box centre.
    ///
    /// Source: Ackley, "A connectionist machine for genetic hillclimbing", Kluwer, 1987.
    public static let ackley8 = continuous(
        name: "ackley8", summary: "Ackley, 8-D, shifted, many local minima",
        domain: Array(repeating: -32.768...32.768, count: 8), shift: [7.3, -12.1, 3.7, 20.5, -5.9, 14.2, -25.4, 9.8],
        textbookOptimum: Array(repeating: 0, count: 8), optimumValue: 0
    ) { y in
        let d = Double(y.count)
        var squares = 0.0
        var cosines = 0.0
        for value in y {
            squares += value * value
            cosines += cos(2 * Double.pi * value)
        }
        return -20 * exp(-0.2 * (squares / d).squareRoot()) - exp(cosines / d) + 20 + exp(1.0)
    }
}
