/// The value of one hyperparameter, as a user sees it.
///
/// Floats and integers come from `suggestFloat` and `suggestInt`; categorical parameters may hold any of
/// the four cases. `ParameterValue` is expressible by integer, float, string and boolean literals, so
/// enqueued configurations and grids read naturally:
///
/// ```swift
/// let config: [String: ParameterValue] = ["lr": 0.01, "layers": 2, "optimizer": "adam", "bias": true]
/// ```
///
/// Internally every value is a `Double` (see ``Distribution/internalValue(of:)``); this type is the
/// external face of that number.
public enum ParameterValue: Sendable, Hashable {
    /// A floating-point value.
    case float(Double)
    /// An integer value.
    case int(Int)
    /// A string (categorical choices).
    case string(String)
    /// A Boolean (categorical choices).
    case bool(Bool)

    /// The value as a `Double` when it is numeric (`.float` or `.int`), else `nil`.
    public var doubleValue: Double? {
        switch self {
        case .float(let value): value
        case .int(let value): Double(value)
        case .string, .bool: nil
        }
    }

    /// The value as an `Int` when it is `.int`, or a `.float` holding a whole number that fits; else `nil`.
    public var intValue: Int? {
        switch self {
        case .int(let value): value
        case .float(let value): Int(exactly: value)
        case .string, .bool: nil
        }
    }

    /// The string when the value is `.string`, else `nil`.
    public var stringValue: String? {
        if case .string(let value) = self { value } else { nil }
    }

    /// The Boolean when the value is `.bool`, else `nil`.
    public var boolValue: Bool? {
        if case .bool(let value) = self { value } else { nil }
    }

    /// A short name of the case: `"float"`, `"int"`, `"string"` or `"bool"`.
    public var kindName: String {
        switch self {
        case .float: "float"
        case .int: "int"
        case .string: "string"
        case .bool: "bool"
        }
    }
}

extension ParameterValue: ExpressibleByFloatLiteral {
    /// Creates a `.float` value from a floating-point literal.
    public init(floatLiteral value: Double) { self = .float(value) }
}

extension ParameterValue: ExpressibleByIntegerLiteral {
    /// Creates an `.int` value from an integer literal.
    public init(integerLiteral value: Int) { self = .int(value) }
}

extension ParameterValue: ExpressibleByStringLiteral {
    /// Creates a `.string` value from a string literal.
    public init(stringLiteral value: String) { self = .string(value) }
}

extension ParameterValue: ExpressibleByBooleanLiteral {
    /// Creates a `.bool` value from a Boolean literal.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension ParameterValue: CustomStringConvertible {
    /// The value as it would be written in Swift source: `0.01`, `3`, `"adam"`, `true`.
    public var description: String {
        switch self {
        case .float(let value): "\(value)"
        case .int(let value): "\(value)"
        case .string(let value): "\"\(value)\""
        case .bool(let value): "\(value)"
        }
    }
}

extension ParameterValue: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case float, int, string, bool
    }

    /// Decodes a value written by ``encode(to:)``: an object with exactly one key naming the case,
    /// `{"float": 0.5}`, `{"int": 3}`, `{"string": "adam"}` or `{"bool": true}`.
    ///
    /// The case is explicit because JSON cannot tell the float `2.0` from the integer `2`.
    public init(from decoder: any Decoder) throws {
        let (container, key) = try decoder.singleKeyContainer(keyedBy: CodingKeys.self, describing: "a parameter value")
        switch key {
        case .float: self = .float(try container.decode(Double.self, forKey: .float))
        case .int: self = .int(try container.decode(Int.self, forKey: .int))
        case .string: self = .string(try container.decode(String.self, forKey: .string))
        case .bool: self = .bool(try container.decode(Bool.self, forKey: .bool))
        }
    }

    /// Encodes the value as an object with one key naming the case, for example `{"float": 0.5}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .float(let value): try container.encode(value, forKey: .float)
        case .int(let value): try container.encode(value, forKey: .int)
        case .string(let value): try container.encode(value, forKey: .string)
        case .bool(let value): try container.encode(value, forKey: .bool)
        }
    }
}
