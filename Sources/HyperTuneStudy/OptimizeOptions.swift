/// The settings of one `optimize` call, as its keyword arguments give them (see
/// `Study.optimize(nTrials:timeout:concurrency:errorPolicy:heartbeatInterval:callbacks:progress:_:)`):
/// what the one driver behind every `optimize` form takes.
struct OptimizeOptions: Sendable {
    /// How many trials the call starts; `nil` for no limit.
    var nTrials: Int?
    /// After how long no new trial starts; `nil` for no limit.
    var timeout: Duration?
    /// How many trials run at once.
    var concurrency: Int
    /// Which objective errors stop the study.
    var errorPolicy: ErrorPolicy
    /// How often a running trial records a heartbeat; `nil` for never.
    var heartbeatInterval: Duration?
    /// Called after each finished trial.
    var callbacks: [TrialCallback]
    /// Called after each finished trial, one call at a time, in order.
    var progress: (@Sendable (OptimizeProgress) -> Void)?

    /// Checks the ranges: `nTrials >= 0`, `concurrency >= 1`, `timeout >= 0`, `heartbeatInterval > 0`.
    ///
    /// - Throws: ``StudyError`` `invalidArgument` naming the argument and its value.
    func validate() throws(StudyError) {
        if let nTrials, nTrials < 0 { throw StudyError(.invalidArgument, "nTrials must be >= 0, got \(nTrials)") }
        guard concurrency >= 1 else { throw StudyError(.invalidArgument, "concurrency must be >= 1, got \(concurrency)") }
        if let timeout, timeout < .zero { throw StudyError(.invalidArgument, "timeout must be >= 0, got \(timeout)") }
        if let heartbeatInterval, heartbeatInterval <= .zero {
            throw StudyError(.invalidArgument, "heartbeatInterval must be > 0, got \(heartbeatInterval)")
        }
    }
}
