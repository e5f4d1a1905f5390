import HyperTuneSearchSpace

/// Changes to a running trial, applied atomically by ``Storage/updateTrial(_:_:)``.
///
/// Rules (a broken one is ``StorageError`` `invalidUpdate`, and nothing is applied):
/// - a parameter already set keeps its value: setting it again with the same distribution and
///   value does nothing, with anything else is an error;
/// - steps are non-negative; a step already reported keeps its first value;
/// - `finish.state` is a finished state; `complete` needs one finite value per objective; `fail`
///   takes no values.
public struct TrialUpdate: Sendable, Hashable, Codable {
    /// Parameters to set.
    public var parameters: [String: Parameter]
    /// Intermediate values to add, by step.
    public var intermediateValues: [Int: Double]
    /// User attributes to set.
    public var userAttributes: [String: AttributeValue]
    /// System attributes to set.
    public var systemAttributes: [String: AttributeValue]
    /// How the trial finishes, if it does with this update.
    public var finish: TrialFinish?

    /// Creates an update.
    public init(
        parameters: [String: Parameter] = [:], intermediateValues: [Int: Double] = [:],
        userAttributes: [String: AttributeValue] = [:], systemAttributes: [String: AttributeValue] = [:],
        finish: TrialFinish? = nil
    ) {
        self.parameters = parameters
        self.intermediateValues = intermediateValues
        self.userAttributes = userAttributes
        self.systemAttributes = systemAttributes
        self.finish = finish
    }

    /// Whether the update changes nothing.
    public var isEmpty: Bool {
        parameters.isEmpty && intermediateValues.isEmpty && userAttributes.isEmpty && systemAttributes.isEmpty
            && finish == nil
    }

    /// Adds `other`'s changes; on a conflict `other` wins, except for steps, where the first value
    /// is kept.
    public mutating func merge(_ other: TrialUpdate) {
        parameters.merge(other.parameters) { _, new in new }
        intermediateValues.merge(other.intermediateValues) { old, _ in old }
        userAttributes.merge(other.userAttributes) { _, new in new }
        systemAttributes.merge(other.systemAttributes) { _, new in new }
        if let finish = other.finish { self.finish = finish }
    }
}
