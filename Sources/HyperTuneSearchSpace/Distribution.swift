/// The distribution of one parameter: a float range, an integer range, or a list of choices.
///
/// Samplers work in one numeric space: every value has an *internal* form, a `Double`.
/// - float: the value itself;
/// - int: the integer as a `Double` (exact: bounds are within ±2^53);
/// - categorical: the index of the choice.
///
/// ``internalValue(of:)`` and ``value(forInternal:)`` convert between the two forms.
public enum Distribution: Sendable, Hashable {
    /// A floating-point range.
    case float(FloatDistribution)
    /// An integer range.
    case int(IntDistribution)
    /// A list of choices.
    case categorical(CategoricalDistribution)

    /// Whether the distribution holds a single value (a one-point range or one choice).
    public var isSingleton: Bool {
        switch self {
        case .float(let d): d.isSingleton
        case .int(let d): d.isSingleton
        case .categorical(let d): d.choices.count == 1
        }
    }

    /// Whether samplers should model the parameter in log space.
    public var isLog: Bool {
        switch self {
        case .float(let d): d.log
        case .int(let d): d.log
        case .categorical: false
        }
    }

    /// The internal form of `value`.
    ///
    /// Floats accept `.float` and `.int`; integers accept `.int` and whole `.float`s; categoricals
    /// accept any of their choices (see ``CategoricalDistribution/index(of:)``).
    /// - Throws: ``SearchSpaceError`` (`valueTypeMismatch` or `valueOutsideDistribution`).
    public func internalValue(of value: ParameterValue) throws(SearchSpaceError) -> Double {
        switch self {
        case .float(let d):
            guard let number = value.doubleValue else {
                throw SearchSpaceError(.valueTypeMismatch, detail: "value \(value) is a \(value.kindName), expected a number for \(d)")
            }
            guard d.contains(number) else {
                throw SearchSpaceError(.valueOutsideDistribution, detail: "value \(value) is not in \(d)")
            }
            return number
        case .int(let d):
            guard let number = value.doubleValue else {
                throw SearchSpaceError(.valueTypeMismatch, detail: "value \(value) is a \(value.kindName), expected an integer for \(d)")
            }
            guard let integer = Int(exactly: number) else {
                throw SearchSpaceError(.valueTypeMismatch, detail: "value \(value) is not a whole number, expected an integer for \(d)")
            }
            guard d.contains(integer) else {
                throw SearchSpaceError(.valueOutsideDistribution, detail: "value \(value) is not in \(d)")
            }
            return Double(integer)
        case .categorical(let d):
            guard let index = d.index(of: value) else {
                throw SearchSpaceError(.valueOutsideDistribution, detail: "value \(value) is not one of the choices \(d.choices)")
            }
            return Double(index)
        }
    }

    /// The external value of an internal one.
    ///
    /// - Precondition: `contains(internal: internalValue)`; values from samplers are first passed
    ///   through ``snapped(_:)``.
    public func value(forInternal internalValue: Double) -> ParameterValue {
        switch self {
        case .float: .float(internalValue)
        case .int: .int(Int(internalValue))
        case .categorical(let d): d.choices[Int(internalValue)]
        }
    }

    /// Whether an internal value is a member (in range, on the grid, a valid index).
    public func contains(internal value: Double) -> Bool {
        switch self {
        case .float(let d): d.contains(value)
        case .int(let d): d.contains(internal: value)
        case .categorical(let d): d.contains(internal: value)
        }
    }

    /// The member nearest to an internal value: clamped to the range, rounded to the grid (ints,
    /// steps) or to the nearest index (categoricals). NaN maps to the lowest member.
    public func snapped(_ value: Double) -> Double {
        switch self {
        case .float(let d): d.snapped(value)
        case .int(let d): Double(d.snapped(value))
        case .categorical(let d):
            value.isNaN ? 0 : min(max(value.rounded(), 0), Double(d.choices.count - 1))
        }
    }

    /// A short name of the kind: `"float"`, `"int"` or `"categorical"`.
    public var kindName: String {
        switch self {
        case .float: "float"
        case .int: "int"
        case .categorical: "categorical"
        }
    }
}

extension Distribution: CustomStringConvertible {
    /// The wrapped distribution's description.
    public var description: String {
        switch self {
        case .float(let d): d.description
        case .int(let d): d.description
        case .categorical(let d): d.description
        }
    }
}

extension Distribution: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable { case float, int, categorical }

    /// Decodes an object with one key naming the kind: `{"float": {...}}`, `{"int": {...}}` or
    /// `{"categorical": {...}}`.
    public init(from decoder: any Decoder) throws {
        let (container, key) = try decoder.singleKeyContainer(keyedBy: CodingKeys.self, describing: "a distribution")
        switch key {
        case .float: self = .float(try container.decode(FloatDistribution.self, forKey: .float))
        case .int: self = .int(try container.decode(IntDistribution.self, forKey: .int))
        case .categorical: self = .categorical(try container.decode(CategoricalDistribution.self, forKey: .categorical))
        }
    }

    /// Encodes an object with one key naming the kind.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .float(let d): try container.encode(d, forKey: .float)
        case .int(let d): try container.encode(d, forKey: .int)
        case .categorical(let d): try container.encode(d, forKey: .categorical)
        }
    }
}
