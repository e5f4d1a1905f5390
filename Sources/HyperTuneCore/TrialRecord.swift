public import Foundation
public import HyperTuneSearchSpace

/// A trial as stored: an immutable value (a snapshot of the trial when it was read).
///
/// Only running and waiting trials change in storage; once a trial is finished its record never
/// changes again. Values are an array, one per objective; ``value`` is the single-objective view.
public struct TrialRecord: Sendable, Hashable {
    /// The trial's number: 0-based and dense within its study.
    public var number: Int
    /// The trial's state.
    public var state: TrialState
    /// The objective values, one per objective; `nil` until the trial completes. A pruned trial
    /// carries its last intermediate value here when it has one.
    public var values: [Double]?
    /// The parameters suggested so far (all of them, once finished), by name.
    public var parameters: [String: Parameter]
    /// Intermediate values reported with `report(_:step:)`, by step.
    public var intermediateValues: [Int: Double]
    /// Attributes set by the user.
    public var userAttributes: [String: AttributeValue]
    /// Attributes set by the library (samplers, pruners, the driver); keys are documented where set.
    public var systemAttributes: [String: AttributeValue]
    /// Parameters fixed in advance (by ``Storage/enqueueTrial(in:params:userAttributes:systemAttributes:)``): a suggest
    /// of one of these names returns the fixed value.
    public var fixedParams: [String: ParameterValue]
    /// When the trial started running (`nil` while waiting).
    public var startDate: Date?
    /// When the trial finished (`nil` until then).
    public var endDate: Date?

    /// Creates a record.
    public init(
        number: Int,
        state: TrialState,
        values: [Double]? = nil,
        parameters: [String: Parameter] = [:],
        intermediateValues: [Int: Double] = [:],
        userAttributes: [String: AttributeValue] = [:],
        systemAttributes: [String: AttributeValue] = [:],
        fixedParams: [String: ParameterValue] = [:],
        startDate: Date? = nil,
        endDate: Date? = nil
    ) {
        self.number = number
        self.state = state
        self.values = values
        self.parameters = parameters
        self.intermediateValues = intermediateValues
        self.userAttributes = userAttributes
        self.systemAttributes = systemAttributes
        self.fixedParams = fixedParams
        self.startDate = startDate
        self.endDate = endDate
    }

    /// The single objective value, or `nil` when there is none or the study has several objectives.
    public var value: Double? {
        guard let values, values.count == 1 else { return nil }
        return values[0]
    }

    /// The parameter values as the user sees them, by name.
    ///
    /// - Complexity: O(d): the dictionary is built on each access.
    public var params: [String: ParameterValue] { parameters.mapValues(\.value) }

    /// The distributions of the parameters, by name.
    ///
    /// - Complexity: O(d): the dictionary is built on each access.
    public var distributions: [String: Distribution] { parameters.mapValues(\.distribution) }

    /// The internal value of parameter `name`, or `nil` when the trial has no such parameter.
    public func internalValue(_ name: String) -> Double? { parameters[name]?.internalValue }

    /// The step of the last intermediate value, or `nil` when nothing was reported.
    ///
    /// - Complexity: O(s) in the number of reported steps.
    public var lastStep: Int? { intermediateValues.keys.max() }

    /// The intermediate value at the last reported step, or `nil`.
    public var lastIntermediateValue: Double? {
        guard let step = lastStep else { return nil }
        return intermediateValues[step]
    }

    /// The time between start and end, when both are known.
    public var duration: TimeInterval? {
        guard let startDate, let endDate else { return nil }
        return endDate.timeIntervalSince(startDate)
    }

    /// The parameters as a search space (name order).
    public var searchSpace: SearchSpace { SearchSpace(distributions) }

    /// The system attribute under which the driver records a trial's joint (relative) sample when
    /// the trial starts: an object of internal values by parameter name.
    @available(*, deprecated, message: "use SystemAttributeKey.relativeParams")
    public static let relativeParamsKey = SystemAttributeKey.relativeParams.rawValue

    /// The internal values the sampler chose jointly for this trial when it started, by name
    /// (empty when it sampled nothing jointly). A running trial's parameters are written to storage
    /// when its objective next reports or finishes; these are known from the start, so samplers use
    /// them to see where running trials are going (constant liar, pending points).
    public var relativeParams: [String: Double] {
        guard let members = systemAttributes[.relativeParams]?.objectValue else { return [:] }
        return members.compactMapValues(\.doubleValue)
    }

    /// The internal value of `name` as far as it is known: the suggested value if the objective
    /// asked for it, else the planned joint value, else `nil`.
    public func knownInternalValue(_ name: String) -> Double? {
        parameters[name]?.internalValue ?? relativeParams[name]
    }

    /// The attribute form of a joint sample, for ``SystemAttributeKey/relativeParams``.
    public static func encodeRelativeParams(_ values: [String: Double]) -> AttributeValue {
        .object(values.mapValues { .double($0) })
    }
}

extension TrialRecord: Codable {
    private enum CodingKeys: String, CodingKey {
        case number, state, values, parameters, intermediateValues, userAttributes, systemAttributes, fixedParams
        case startDate, endDate
    }

    /// Decodes a record written by ``encode(to:)``; absent collections decode as empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        number = try c.decode(Int.self, forKey: .number)
        state = try c.decode(TrialState.self, forKey: .state)
        values = try c.decodeIfPresent([Double].self, forKey: .values)
        parameters = try c.decodeIfPresent([String: Parameter].self, forKey: .parameters) ?? [:]
        let steps = try c.decodeIfPresent([String: Double].self, forKey: .intermediateValues) ?? [:]
        var intermediate: [Int: Double] = [:]
        for (key, value) in steps {
            guard let step = Int(key) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .intermediateValues, in: c, debugDescription: "step \"\(key)\" is not an integer")
            }
            intermediate[step] = value
        }
        intermediateValues = intermediate
        userAttributes = try c.decodeIfPresent([String: AttributeValue].self, forKey: .userAttributes) ?? [:]
        systemAttributes = try c.decodeIfPresent([String: AttributeValue].self, forKey: .systemAttributes) ?? [:]
        fixedParams = try c.decodeIfPresent([String: ParameterValue].self, forKey: .fixedParams) ?? [:]
        startDate = try c.decodeIfPresent(Date.self, forKey: .startDate)
        endDate = try c.decodeIfPresent(Date.self, forKey: .endDate)
    }

    /// Encodes the record; intermediate values are an object keyed by the step as a string, empty
    /// collections are left out.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(number, forKey: .number)
        try c.encode(state, forKey: .state)
        try c.encodeIfPresent(values, forKey: .values)
        if !parameters.isEmpty { try c.encode(parameters, forKey: .parameters) }
        if !intermediateValues.isEmpty {
            try c.encode(
                Dictionary(uniqueKeysWithValues: intermediateValues.map { (String($0.key), $0.value) }),
                forKey: .intermediateValues)
        }
        if !userAttributes.isEmpty { try c.encode(userAttributes, forKey: .userAttributes) }
        if !systemAttributes.isEmpty { try c.encode(systemAttributes, forKey: .systemAttributes) }
        if !fixedParams.isEmpty { try c.encode(fixedParams, forKey: .fixedParams) }
        try c.encodeIfPresent(startDate, forKey: .startDate)
        try c.encodeIfPresent(endDate, forKey: .endDate)
    }
}
