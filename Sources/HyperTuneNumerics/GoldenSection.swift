/// Golden-section search for the minimum of a unimodal function on a closed interval.
///
/// Each iteration keeps two interior points at the golden ratio of the bracket, drops the part of
/// the bracket beyond the worse one, and evaluates the function once more: the bracket shrinks by
/// `(√5 - 1) / 2 ≈ 0.618` per evaluation (Kiefer, "Sequential minimax search for a maximum",
/// Proc. AMS 4, 1953). Ties keep the lower part of the bracket, so the search is deterministic.
package enum GoldenSection {
    /// The bracket after the last iteration: `[low, high]` and its two interior points with their values.
    package struct Bracket: Sendable {
        /// The bracket's ends.
        package var low, high: Double
        /// The interior point nearer `low`, and `f` there.
        package var lower, fLower: Double
        /// The interior point nearer `high`, and `f` there.
        package var upper, fUpper: Double

        /// The better interior point and its value (the lower one on a tie).
        package var best: (x: Double, value: Double) { fLower <= fUpper ? (lower, fLower) : (upper, fUpper) }
    }

    /// `(√5 - 1) / 2`, the fraction of the bracket kept by each iteration.
    package static let ratio = (5.0.squareRoot() - 1) / 2

    /// Runs `iterations` golden-section steps for the minimum of `f` on `[low, high]`.
    ///
    /// - Complexity: `iterations + 2` evaluations of `f`.
    package static func minimize(
        _ low: Double, _ high: Double, iterations: Int, _ f: (Double) -> Double
    ) -> Bracket {
        var a = low
        var b = high
        var c = b - ratio * (b - a)
        var d = a + ratio * (b - a)
        var fc = f(c)
        var fd = f(d)
        for _ in 0..<iterations {
            if fc <= fd {
                b = d
                d = c
                fd = fc
                c = b - ratio * (b - a)
                fc = f(c)
            } else {
                a = c
                c = d
                fc = fd
                d = a + ratio * (b - a)
                fd = f(d)
            }
        }
        return Bracket(low: a, high: b, lower: c, fLower: fc, upper: d, fUpper: fd)
    }
}
