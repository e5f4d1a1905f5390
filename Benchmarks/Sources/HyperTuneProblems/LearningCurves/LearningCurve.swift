public import HyperTuneSearchSpace

/// One training run of a ``LearningCurveFamily``: what a trial reports after each step, and the
/// final value its regret is judged on.
public struct LearningCurve: Sendable, Hashable {
    /// The value a trial reports after each step (step `t` is `values[t]`), to be minimized: a
    /// validation loss or error, with the family's noise if it has any.
    public var values: [Double]
    /// The value regret is judged on: the noise-free final loss of a synthetic curve, the recorded
    /// final validation error of a recorded one.
    public var finalValue: Double
    /// The run's configuration, as the parameters a define-by-run trial asks for
    /// (``LearningCurveFamily/searchSpace``).
    public var parameters: [String: ParameterValue]

    /// Creates a curve.
    ///
    /// - Parameters:
    ///   - values: the value reported after each step.
    ///   - finalValue: the value regret is judged on.
    ///   - parameters: the configuration.
    public init(values: [Double], finalValue: Double, parameters: [String: ParameterValue]) {
        self.values = values
        self.finalValue = finalValue
        self.parameters = parameters
    }
}
