/// The `q`-th percentile (0...100) of `values` with linear interpolation between order statistics,
/// the definition NumPy calls `linear` (Hyndman and Fan's type 7): the value at position
/// `q/100 · (m - 1)` of the sorted values, interpolated between its neighbours.
///
/// The interpolation is written the way NumPy evaluates it (from the lower neighbour when the
/// fraction is below one half, from the upper one otherwise), so the result is the same double
/// that `numpy.percentile` returns, which keeps decisions identical to Optuna's on ties.
///
/// - Parameters:
///   - values: finite or infinite values, no NaN; sorted in place.
///   - q: the percentile, in 0...100.
/// - Returns: NaN when `values` is empty.
/// - Complexity: O(m log m).
func linearPercentile(_ values: inout [Double], _ q: Double) -> Double {
    guard !values.isEmpty else { return .nan }
    values.sort()
    let position = (q / 100) * Double(values.count - 1)
    let lowerIndex = Int(position.rounded(.down))
    let upperIndex = min(lowerIndex + 1, values.count - 1)
    let fraction = position - Double(lowerIndex)
    let lower = values[lowerIndex]
    let upper = values[upperIndex]
    let difference = upper - lower
    return fraction >= 0.5 ? upper - difference * (1 - fraction) : lower + difference * fraction
}
