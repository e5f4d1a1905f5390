/// A floating-point parameter over a closed range, optionally log-scaled or on a step grid.
///
/// The rules, each a thrown ``SearchSpaceError``:
/// - both bounds are finite and `low <= high` (`low == high` is allowed: a constant);
/// - `log: true` needs `low > 0`, and cannot be combined with `step`;
/// - `step` is finite and positive, and `high - low` is a whole multiple of it: with
///   `k = (high - low) / step`, `|k - k.rounded()| <= 1e-8 * max(1, k)`. The tolerance accepts ranges
///   such as `0.1...0.9` with step `0.1`, whose quotient is `7.999999999999999` in binary arithmetic.
///   The grid is `low, low + step, ..., high`; the last point is exactly `high`. It has at most
///   2^53 + 1 points (a step of `1e-300` over `0...1` is refused, not rounded).
///
/// A continuous range may be wider than the largest `Double` (`-1e308...1e308`): samplers draw
/// across it through ``value(atFraction:)``, which does not overflow.
///
/// The internal value (what samplers see) is the float itself; samplers model log-scaled ranges in
/// log space themselves.
public struct FloatDistribution: Sendable, Hashable {
    /// The lower bound, inclusive.
    public let low: Double
    /// The upper bound, inclusive.
    public let high: Double
    /// The grid spacing, or `nil` for a continuous range.
    public let step: Double?
    /// Whether the range is log-scaled (samplers treat `log(x)` as uniform).
    public let log: Bool

    /// The relative tolerance of the "whole multiple of step" rule, in units of steps.
    public static let stepTolerance = 1e-8

    /// Creates a distribution over `low...high`.
    ///
    /// - Parameters:
    ///   - low: The lower bound, finite.
    ///   - high: The upper bound, finite and `>= low`.
    ///   - step: The grid spacing, positive; `high - low` must be a whole multiple of it.
    ///   - log: Whether the range is log-scaled; needs `low > 0` and no `step`.
    /// - Throws: ``SearchSpaceError`` naming the broken rule and the values.
    public init(low: Double, high: Double, step: Double? = nil, log: Bool = false) throws(SearchSpaceError) {
        guard low.isFinite, high.isFinite else {
            throw SearchSpaceError(.nonFiniteBound, detail: "bounds must be finite, got low = \(low), high = \(high)")
        }
        guard low <= high else {
            throw SearchSpaceError(.lowGreaterThanHigh, detail: "low must be <= high, got low = \(low), high = \(high)")
        }
        if let step {
            guard step.isFinite, step > 0 else {
                throw SearchSpaceError(.nonPositiveStep, detail: "step must be finite and > 0, got step = \(step)")
            }
            guard !log else {
                throw SearchSpaceError(.stepWithLog, detail: "step and log cannot be combined, got step = \(step) with log = true")
            }
            let quotient = (high - low) / step
            guard abs(quotient - quotient.rounded()) <= Self.stepTolerance * max(1, quotient) else {
                throw SearchSpaceError(
                    .rangeNotMultipleOfStep,
                    detail: "high - low must be a whole multiple of step, got low = \(low), high = \(high), step = \(step)")
            }
            guard quotient.rounded() <= Double(IntDistribution.maxMagnitude) else {
                throw SearchSpaceError(
                    .tooManyGridPoints,
                    detail: "step must leave at most 2^53 + 1 grid points, got low = \(low), high = \(high), step = \(step) "
                        + "(\(quotient.rounded()) steps)")
            }
        }
        if log && low <= 0 {
            throw SearchSpaceError(.logNeedsPositiveLow, detail: "log scale needs low > 0, got low = \(low)")
        }
        self.low = low
        self.high = high
        self.step = step
        self.log = log
    }

    /// Creates a distribution over `range`. See ``init(low:high:step:log:)``.
    public init(_ range: ClosedRange<Double>, step: Double? = nil, log: Bool = false) throws(SearchSpaceError) {
        try self.init(low: range.lowerBound, high: range.upperBound, step: step, log: log)
    }

    /// The number of grid points when `step` is set (`nil` for continuous ranges).
    public var gridCount: Int? {
        guard let step else { return nil }
        return Int(((high - low) / step).rounded()) + 1
    }

    /// The grid point at `index` (`0 ..< gridCount`); the last one is exactly `high`.
    ///
    /// - Precondition: the distribution has a step.
    public func gridValue(at index: Int) -> Double {
        guard let step, let count = gridCount else { preconditionFailure("gridValue(at:) needs a step") }
        if index >= count - 1 { return high }
        return min(low + Double(max(index, 0)) * step, high)
    }

    /// Whether the range holds a single value.
    public var isSingleton: Bool { low == high }

    /// Whether `high - low` is a finite `Double`: false only for continuous ranges wider than
    /// the largest `Double` (about 1.8e308), which samplers that model a parameter on its range
    /// (TPE, GP, CMA-ES) then leave to a uniform draw.
    public var hasFiniteWidth: Bool { (high - low).isFinite }

    /// The point a `fraction` (in `[0, 1]`) of the way from `low` to `high`: `low + fraction ·
    /// (high - low)`, or, when that width overflows, the same point computed on halves.
    public func value(atFraction fraction: Double) -> Double {
        let width = high - low
        if width.isFinite { return low + fraction * width }
        return 2 * (0.5 * low + fraction * (0.5 * high - 0.5 * low))
    }

    /// Whether `value` is in the range (and on the grid, within the step tolerance, when there is a step).
    public func contains(_ value: Double) -> Bool {
        guard value.isFinite, value >= low, value <= high else { return false }
        guard let step else { return true }
        let position = (value - low) / step
        return abs(position - position.rounded()) <= Self.stepTolerance * max(1, position)
    }

    /// `value` clamped to the range and, with a step, moved to the nearest grid point.
    ///
    /// NaN maps to `low`.
    public func snapped(_ value: Double) -> Double {
        guard !value.isNaN else { return low }
        let clamped = min(max(value, low), high)
        guard let step else { return clamped }
        return gridValue(at: Int(((clamped - low) / step).rounded()))
    }
}

extension FloatDistribution: CustomStringConvertible {
    /// For example `float 1e-05...0.1 (log)` or `float -3.0...3.0 step 0.5`.
    public var description: String {
        NumericRangeCoding(low: low, high: high, step: step, log: log).description(kind: "float")
    }
}

extension FloatDistribution: Codable {
    /// Decodes and validates a distribution; an invalid one is a `DecodingError` carrying the rule.
    public init(from decoder: any Decoder) throws {
        let coded = try NumericRangeCoding<Double>(from: decoder)
        self = try decoder.validating {
            try FloatDistribution(low: coded.low, high: coded.high, step: coded.step, log: coded.log ?? false)
        }
    }

    /// Encodes `low`, `high`, and `step` / `log` when set.
    public func encode(to encoder: any Encoder) throws {
        try NumericRangeCoding(low: low, high: high, step: step, log: log ? true : nil).encode(to: encoder)
    }
}
