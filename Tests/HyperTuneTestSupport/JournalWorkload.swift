public import HyperTuneSearchSpace

/// The objective the journal worker process (`hypertune-journal-worker`) evaluates, as pure
/// functions of the parameters: tests recompute them to check that every stored parameter, value
/// and intermediate value came through intact.
public enum JournalWorkload {
    /// The steps the worker reports an intermediate value at.
    public static let steps = 0..<2

    /// The intermediate value at `step`.
    public static func intermediate(_ params: [String: ParameterValue], step: Int) -> Double {
        let x = params["x"]?.doubleValue ?? .nan
        let lr = params["lr"]?.doubleValue ?? .nan
        let layers = Double(params["layers"]?.intValue ?? 0)
        let bonus = params["kind"] == "adam" ? 0.5 : params["kind"] == "sgd" ? 1 : 1.5
        return x * x + lr * 1_000 + layers / Double(step + 1) + bonus
    }

    /// The final value: the intermediate value one step past the last reported one.
    public static func value(_ params: [String: ParameterValue]) -> Double {
        intermediate(params, step: steps.upperBound)
    }
}
