/// A type whose values can be the choices of a categorical parameter.
///
/// `String`, `Int`, `Double`, `Bool` and ``ParameterValue`` conform, so
/// `trial.suggestCategorical("optimizer", ["sgd", "adam"])` returns a `String`.
public protocol CategoricalChoice: Hashable, Sendable {
    /// The value as a ``ParameterValue``.
    var parameterValue: ParameterValue { get }
    /// The value back from a ``ParameterValue``, or `nil` when the kind does not match.
    init?(parameterValue: ParameterValue)
}

extension String: CategoricalChoice {
    /// `.string(self)`.
    public var parameterValue: ParameterValue { .string(self) }
    /// The string of a `.string` value.
    public init?(parameterValue: ParameterValue) { self.init(parameterValue, \.stringValue) }
}

extension Int: CategoricalChoice {
    /// `.int(self)`.
    public var parameterValue: ParameterValue { .int(self) }
    /// The integer of an `.int` value, or of a whole `.float`.
    public init?(parameterValue: ParameterValue) { self.init(parameterValue, \.intValue) }
}

extension CategoricalChoice {
    /// The value at `path` of `parameterValue`, or `nil` when it has none (another kind).
    init?(_ parameterValue: ParameterValue, _ path: KeyPath<ParameterValue, Self?>) {
        guard let value = parameterValue[keyPath: path] else { return nil }
        self = value
    }
}

extension Double: CategoricalChoice {
    /// `.float(self)`.
    public var parameterValue: ParameterValue { .float(self) }
    /// The number of a `.float` or `.int` value.
    public init?(parameterValue: ParameterValue) { self.init(parameterValue, \.doubleValue) }
}

extension ParameterValue: CategoricalChoice {
    /// `self`.
    public var parameterValue: ParameterValue { self }
    /// `parameterValue` itself.
    public init?(parameterValue: ParameterValue) { self = parameterValue }
}

extension Bool: CategoricalChoice {
    /// `.bool(self)`.
    public var parameterValue: ParameterValue { .bool(self) }
    /// The Boolean of a `.bool` value.
    public init?(parameterValue: ParameterValue) { self.init(parameterValue, \.boolValue) }
}
