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

/// A function of several objectives to optimize, as a type: the multi-objective counterpart of
/// ``Objective``, for a study created with several directions.
///
/// ```swift
/// struct SizeAndError: MultiObjective {
///     func evaluate(_ trial: Trial) async throws -> [Double] {
///         let width = try trial.suggestInt("width", in: 8...256, log: true)
///         return [Double(width), 1 / Double(width)]
///     }
/// }
/// let study = try await Study.create(directions: [.minimize, .minimize])
/// try await study.optimize(SizeAndError(), nTrials: 20)
/// ```
public protocol MultiObjective: Sendable {
    /// Evaluates one trial: suggests parameters, trains, returns one value per objective of the
    /// study, in the order of its directions.
    ///
    /// Throw ``TrialPruned`` to stop early; any other error fails the trial.
    func evaluate(_ trial: Trial) async throws -> [Double]
}
