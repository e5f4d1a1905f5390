/// A setting of a sampler or pruner that cannot work, such as `MedianPruner(startupTrials: -1)`.
///
/// Initializers of samplers and pruners do not throw (they are usually written as constant
/// arguments); ``Sampler/validate()`` and ``Pruner/validate()`` throw this error instead, and
/// `Study.create` and `Study.load` call them, so a sampler or pruner with such a setting is refused
/// before any trial runs. Its ``description`` names the type, the setting, the rule and the value:
///
/// ```text
/// MedianPruner: startupTrials must be >= 0, got -1
/// ```
public struct SettingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The sampler's or pruner's type, for example `"MedianPruner"`.
    public var type: String
    /// The setting, named as in the initializer or configuration, for example `"startupTrials"`.
    public var setting: String
    /// The value given, as text.
    public var value: String
    /// The rule the value breaks, for example `"must be >= 0"`.
    public var rule: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - type: the sampler's or pruner's type.
    ///   - setting: the setting's name.
    ///   - value: the value given, as text.
    ///   - rule: the rule it breaks.
    public init(type: String, setting: String, value: String, rule: String) {
        self.type = type
        self.setting = setting
        self.value = value
        self.rule = rule
    }

    /// `TYPE: SETTING RULE, got VALUE`.
    public var description: String { "\(type): \(setting) \(rule), got \(value)" }
}
