public import HyperTuneSearchSpace

/// One parameter of a trial: its distribution and its value, held in the internal numeric form.
///
/// Samplers read ``internalValue``; users read ``value``.
public struct Parameter: Sendable, Hashable {
    /// The distribution the value was drawn from.
    public var distribution: Distribution
    /// The value in internal form (see ``HyperTuneSearchSpace/Distribution``).
    public var internalValue: Double

    /// Creates a parameter from an internal value.
    ///
    /// - Precondition: `distribution.contains(internal: internalValue)`.
    public init(distribution: Distribution, internalValue: Double) {
        precondition(
            distribution.contains(internal: internalValue),
            "internal value \(internalValue) is not a member of \(distribution)")
        self.distribution = distribution
        self.internalValue = internalValue
    }

    /// Creates a parameter from an external value.
    ///
    /// - Throws: ``HyperTuneSearchSpace/SearchSpaceError`` when `value` is not a member of `distribution`.
    public init(distribution: Distribution, value: ParameterValue) throws(SearchSpaceError) {
        self.distribution = distribution
        self.internalValue = try distribution.internalValue(of: value)
    }

    /// The value as the user sees it.
    public var value: ParameterValue { distribution.value(forInternal: internalValue) }
}

extension Parameter: Codable {
    private enum CodingKeys: String, CodingKey { case distribution, value }

    /// Decodes `{"distribution": ..., "value": ...}` and checks that the value is a member.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let distribution = try container.decode(Distribution.self, forKey: .distribution)
        let value = try container.decode(ParameterValue.self, forKey: .value)
        do {
            try self.init(distribution: distribution, value: value)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .value, in: container, debugDescription: error.description)
        }
    }

    /// Encodes the distribution and the external value.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(distribution, forKey: .distribution)
        try container.encode(value, forKey: .value)
    }
}
