/// Whether an objective is minimized or maximized.
public enum StudyDirection: String, Sendable, Hashable, Codable, CaseIterable {
    /// Lower values are better.
    case minimize
    /// Higher values are better.
    case maximize

    /// Whether `lhs` is strictly better than `rhs` in this direction. NaN is never better.
    @inlinable
    public func isBetter(_ lhs: Double, than rhs: Double) -> Bool {
        switch self {
        case .minimize: lhs < rhs
        case .maximize: lhs > rhs
        }
    }

    /// `value` as a loss: itself when minimizing, negated when maximizing, so that lower is
    /// always better. Samplers and pruners work on losses.
    @inlinable
    public func loss(_ value: Double) -> Double {
        switch self {
        case .minimize: value
        case .maximize: -value
        }
    }
}
