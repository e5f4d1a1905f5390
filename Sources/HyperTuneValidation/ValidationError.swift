import HyperTuneCore

/// A splitter was configured or used wrongly.
public struct ValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The argument concerned (`folds`, `count`, `labels`).
    public var parameter: String
    /// What is wrong, with the value.
    public var detail: String

    /// Creates an error.
    public init(parameter: String, detail: String) {
        self.parameter = parameter
        self.detail = detail
    }

    /// `PARAMETER: DETAIL`.
    public var description: String { "\(parameter): \(detail)" }
}
