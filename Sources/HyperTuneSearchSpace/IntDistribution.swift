/// An integer parameter over a closed range, optionally log-scaled or on a step grid.
///
/// The rules, each a thrown ``SearchSpaceError``:
/// - `low <= high`, both within ±2^53 (the internal form is a `Double`, exact up to there);
/// - `step >= 1`, and `high - low` is a whole multiple of it: the grid is `low, low + step, ..., high`;
/// - `log: true` needs `low >= 1` and `step == 1`.
///
/// The internal value (what samplers see) is the integer as a `Double`.
public struct IntDistribution: Sendable, Hashable {
    /// The lower bound, inclusive.
    public let low: Int
    /// The upper bound, inclusive.
    public let high: Int
    /// The grid spacing (1 for every integer).
    public let step: Int
    /// Whether the range is log-scaled (samplers treat `log(x)` as uniform).
    public let log: Bool

    /// The largest magnitude of a bound: 2^53.
    public static let maxMagnitude = 1 << 53

    /// Creates a distribution over `low...high`.
    ///
    /// - Parameters:
    ///   - low: The lower bound.
    ///   - high: The upper bound, `>= low`.
    ///   - step: The grid spacing, `>= 1`; `high - low` must be a whole multiple of it.
    ///   - log: Whether the range is log-scaled; needs `low >= 1` and `step == 1`.
    /// - Throws: ``SearchSpaceError`` naming the broken rule and the values.
    public init(low: Int, high: Int, step: Int = 1, log: Bool = false) throws(SearchSpaceError) {
        guard low <= high else {
            throw SearchSpaceError(.lowGreaterThanHigh, detail: "low must be <= high, got low = \(low), high = \(high)")
        }
        guard low.magnitude <= UInt(Self.maxMagnitude), high.magnitude <= UInt(Self.maxMagnitude) else {
            throw SearchSpaceError(
                .integerBoundTooLarge, detail: "integer bounds must be within ±2^53, got low = \(low), high = \(high)")
        }
        guard step >= 1 else {
            throw SearchSpaceError(.nonPositiveStep, detail: "step must be >= 1, got step = \(step)")
        }
        if log && step != 1 {
            throw SearchSpaceError(.stepWithLog, detail: "step and log cannot be combined, got step = \(step) with log = true")
        }
        guard (high - low) % step == 0 else {
            throw SearchSpaceError(
                .rangeNotMultipleOfStep,
                detail: "high - low must be a whole multiple of step, got low = \(low), high = \(high), step = \(step)")
        }
        if log && low < 1 {
            throw SearchSpaceError(.logNeedsPositiveLow, detail: "log scale needs low >= 1, got low = \(low)")
        }
        self.low = low
        self.high = high
        self.step = step
        self.log = log
    }

    /// Creates a distribution over `range`. See ``init(low:high:step:log:)``.
    public init(_ range: ClosedRange<Int>, step: Int = 1, log: Bool = false) throws(SearchSpaceError) {
        try self.init(low: range.lowerBound, high: range.upperBound, step: step, log: log)
    }

    /// The number of grid points, `(high - low) / step + 1`.
    public var gridCount: Int { (high - low) / step + 1 }

    /// The grid point at `index` (`0 ..< gridCount`), clamped to the range.
    public func gridValue(at index: Int) -> Int {
        low + min(max(index, 0), gridCount - 1) * step
    }

    /// Whether the range holds a single value.
    public var isSingleton: Bool { low == high }

    /// Whether `value` is in the range and on the grid.
    public func contains(_ value: Int) -> Bool {
        value >= low && value <= high && (value - low) % step == 0
    }

    /// Whether the internal `value` is a whole number in the range and on the grid.
    public func contains(internal value: Double) -> Bool {
        guard let integer = Int(exactly: value) else { return false }
        return contains(integer)
    }

    /// The grid point nearest to the internal `value`, clamped to the range; NaN maps to `low`.
    public func snapped(_ value: Double) -> Int {
        guard !value.isNaN else { return low }
        let clamped = min(max(value, Double(low)), Double(high))
        return gridValue(at: Int(((clamped - Double(low)) / Double(step)).rounded()))
    }
}

extension IntDistribution: CustomStringConvertible {
    /// For example `int 1...4` or `int 16...256 (log)`.
    public var description: String {
        NumericRangeCoding(low: low, high: high, step: step == 1 ? nil : step, log: log).description(kind: "int")
    }
}

extension IntDistribution: Codable {
    /// Decodes and validates a distribution; an invalid one is a `DecodingError` carrying the rule.
    public init(from decoder: any Decoder) throws {
        let coded = try NumericRangeCoding<Int>(from: decoder)
        self = try decoder.validating {
            try IntDistribution(low: coded.low, high: coded.high, step: coded.step ?? 1, log: coded.log ?? false)
        }
    }

    /// Encodes `low`, `high`, and `step` / `log` when not the defaults.
    public func encode(to encoder: any Encoder) throws {
        try NumericRangeCoding(low: low, high: high, step: step == 1 ? nil : step, log: log ? true : nil).encode(to: encoder)
    }
}
