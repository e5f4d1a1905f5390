/// A categorical parameter: one of a fixed, ordered list of choices.
///
/// The rules, each a thrown ``SearchSpaceError``: at least one choice, no choice listed twice, no NaN.
/// Choices may mix kinds (`["none", 1, 2.5]`). The internal value is the index of the choice.
public struct CategoricalDistribution: Sendable, Hashable {
    /// The choices, in the order given.
    public let choices: [ParameterValue]

    /// Creates a distribution over `choices`.
    ///
    /// - Throws: ``SearchSpaceError`` when `choices` is empty, lists a value twice, or holds NaN.
    public init(_ choices: [ParameterValue]) throws(SearchSpaceError) {
        guard !choices.isEmpty else {
            throw SearchSpaceError(.emptyChoices, detail: "a categorical parameter needs at least one choice")
        }
        var seen = Set<ParameterValue>()
        for choice in choices {
            if case .float(let value) = choice, value.isNaN {
                throw SearchSpaceError(.nanChoice, detail: "a categorical choice cannot be NaN")
            }
            guard seen.insert(choice).inserted else {
                throw SearchSpaceError(.duplicateChoice, detail: "choice \(choice) is listed more than once in \(choices)")
            }
        }
        self.choices = choices
    }

    /// The index of `value` among the choices: an exact match first, then a numeric one
    /// (the integer `1` matches the choice `1.0`); `nil` when it is not a choice.
    ///
    /// - Complexity: O(k) in the number of choices.
    public func index(of value: ParameterValue) -> Int? {
        if let exact = choices.firstIndex(of: value) { return exact }
        guard let number = value.doubleValue else { return nil }
        return choices.firstIndex { $0.doubleValue == number }
    }

    /// Whether the internal `value` is a valid index.
    public func contains(internal value: Double) -> Bool {
        guard let index = Int(exactly: value) else { return false }
        return choices.indices.contains(index)
    }
}

extension CategoricalDistribution: CustomStringConvertible {
    /// For example `categorical ["sgd", "adam"]`.
    public var description: String { "categorical \(choices)" }
}

extension CategoricalDistribution: Codable {
    private enum CodingKeys: String, CodingKey { case choices }

    /// Decodes and validates a distribution; an invalid one is a `DecodingError` carrying the rule.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self = try decoder.validating { try CategoricalDistribution(try container.decode([ParameterValue].self, forKey: .choices)) }
    }

    /// Encodes the choices.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(choices, forKey: .choices)
    }
}
