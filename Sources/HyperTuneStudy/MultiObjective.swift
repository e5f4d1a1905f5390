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
