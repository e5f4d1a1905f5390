/// A search-space definition, or a value for it, broke a rule.
///
/// Every error names the parameter (when known), the offending value and the rule, so its
/// ``description`` can be shown to a user as is:
///
/// ```text
/// parameter "lr": log scale needs low > 0, got low = 0.0
/// ```
///
/// A distribution is created without a name; `Trial` attaches the parameter name before the error
/// reaches the objective (see ``named(_:)``).
public struct SearchSpaceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The rule that was broken.
    public enum Kind: Sendable, Hashable {
        /// `low` is greater than `high`.
        case lowGreaterThanHigh
        /// A bound is NaN or infinite.
        case nonFiniteBound
        /// A log-scaled range has `low <= 0` (floats) or `low < 1` (integers).
        case logNeedsPositiveLow
        /// `step` is zero, negative or not finite.
        case nonPositiveStep
        /// `step` and `log` were both given; a log-scaled range has no step.
        case stepWithLog
        /// `high - low` is not a whole multiple of `step`.
        case rangeNotMultipleOfStep
        /// An integer bound is beyond ±2^53, where `Double` (the internal form) stops being exact.
        case integerBoundTooLarge
        /// A float's `step` cuts its range into more than 2^53 grid points, more than `Double`
        /// (the internal form) can number exactly.
        case tooManyGridPoints
        /// A categorical parameter has no choices.
        case emptyChoices
        /// A categorical parameter lists the same choice twice.
        case duplicateChoice
        /// A categorical choice is NaN, which equals nothing and so could never be chosen back.
        case nanChoice
        /// The same parameter name was suggested again, in the same trial, with a different distribution.
        case distributionChanged
        /// A given value (enqueued, fixed or from a grid) is not a member of the distribution.
        case valueOutsideDistribution
        /// A given value has the wrong type for the distribution (a string for a float range, say).
        case valueTypeMismatch
        /// A parameter name is empty.
        case emptyName
    }

    /// The rule that was broken.
    public var kind: Kind
    /// The parameter's name, when it is known.
    public var parameter: String?
    /// What was wrong, with the offending value(s), without the parameter name.
    public var detail: String

    /// Creates an error.
    public init(_ kind: Kind, parameter: String? = nil, detail: String) {
        self.kind = kind
        self.parameter = parameter
        self.detail = detail
    }

    /// The same error, attributed to `name` (a name already present is kept).
    public func named(_ name: String) -> SearchSpaceError {
        var copy = self
        if copy.parameter == nil { copy.parameter = name }
        return copy
    }

    /// `parameter "NAME": DETAIL`, or just the detail when the name is unknown.
    public var description: String {
        if let parameter { "parameter \"\(parameter)\": \(detail)" } else { detail }
    }
}
