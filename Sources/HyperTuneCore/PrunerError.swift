/// A pruner's option is out of its range.
///
/// The library's pruners throw ``SettingError`` instead (one error type for samplers' and
/// pruners' settings); this type is kept so that code naming it still compiles.
@available(*, deprecated, message: "pruners throw SettingError (type, setting, value, rule)")
public struct PrunerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The pruner's name, for example `"HyperbandPruner"`.
    public var pruner: String
    /// The option concerned.
    public var parameter: String
    /// The rule and the value.
    public var detail: String

    /// Creates an error.
    public init(pruner: String, parameter: String, detail: String) {
        self.pruner = pruner
        self.parameter = parameter
        self.detail = detail
    }

    /// `PRUNER: PARAMETER DETAIL`, for example `MedianPruner: warmupSteps must be >= 0, got -1`.
    public var description: String { "\(pruner): \(parameter) \(detail)" }
}
