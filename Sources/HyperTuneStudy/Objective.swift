/// A function to optimize, as a type: an alternative to passing a closure to `optimize`.
///
/// ```swift
/// struct Quadratic: Objective {
///     func evaluate(_ trial: Trial) async throws -> Double {
///         let x = try trial.suggestFloat("x", in: -10...10)
///         return (x - 2) * (x - 2)
///     }
/// }
/// try await study.optimize(Quadratic(), nTrials: 20)
/// ```
public protocol Objective: Sendable {
    /// Evaluates one trial: suggests parameters, trains, reports, returns the score.
    ///
    /// Throw ``TrialPruned`` to stop early; any other error fails the trial.
    func evaluate(_ trial: Trial) async throws -> Double
}
