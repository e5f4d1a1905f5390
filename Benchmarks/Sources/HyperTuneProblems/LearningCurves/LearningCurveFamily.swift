public import HyperTuneSearchSpace
public import HyperTuneStudy

/// A family of training runs for benchmarking pruners: each configuration has a learning curve,
/// a value per step to be minimized, and a final value that regret is judged on.
///
/// A family is met in two ways:
///
/// - **its own random search** (``curve(seed:trial:)``): trial *n* of a run with seed *s* gets a
///   configuration (and noise, if the family has any) from stream *n* of generators seeded from *s*
///   (``HyperTuneCore/SeededGenerator``), independently of any sampler. The Python peer
///   (`Benchmarks/problems/learning_curves.py`) implements the same draws, so HyperTune's and
///   Optuna's pruners meet exactly the same curves in the same order;
/// - **define-by-run** (``curve(suggestedBy:seed:)``): a trial asks for the parameters of
///   ``searchSpace`` from its sampler (TPE, say) and gets the curve of that configuration, so a
///   sampler's choices matter.
///
/// Regret (``regret(_:)``) is a curve's ``LearningCurve/finalValue`` minus ``optimumValue``.
///
/// The catalogue: ``synthetic`` (``SyntheticLearningCurves``) and ``digits(_:)`` (curves recorded
/// from the digits example's model, ``DigitsLearningCurves``); `Docs/Benchmarks.md` describes both.
public struct LearningCurveFamily: Sendable {
    /// The family's name, as the benchmark runner's `--families` option spells it.
    public let name: String
    /// A one-line description.
    public let summary: String
    /// The number of steps of a full run: a curve has this many values.
    public let steps: Int
    /// The parameters a define-by-run trial asks for.
    public let searchSpace: SearchSpace
    /// The best final value of the family: regret is measured from it.
    public let optimumValue: Double

    private let draw: @Sendable (_ seed: Int, _ trial: Int) -> LearningCurve
    private let body: @Sendable (_ trial: Trial, _ seed: Int, _ trialNumber: Int) throws -> LearningCurve

    /// Creates a family.
    ///
    /// - Parameters:
    ///   - name: the name the runner uses.
    ///   - summary: a one-line description.
    ///   - steps: the length of every curve.
    ///   - searchSpace: the parameters `body` asks for.
    ///   - optimumValue: the best final value.
    ///   - draw: trial `trial`'s curve under the family's own random search in a run seeded `seed`.
    ///   - body: the curve of the configuration `trial` suggests (its noise, if any, drawn for
    ///     `seed` and `trialNumber`).
    public init(
        name: String, summary: String, steps: Int, searchSpace: SearchSpace, optimumValue: Double,
        draw: @escaping @Sendable (_ seed: Int, _ trial: Int) -> LearningCurve,
        body: @escaping @Sendable (_ trial: Trial, _ seed: Int, _ trialNumber: Int) throws -> LearningCurve
    ) {
        self.name = name
        self.summary = summary
        self.steps = steps
        self.searchSpace = searchSpace
        self.optimumValue = optimumValue
        self.draw = draw
        self.body = body
    }

    /// Trial `trial`'s curve under the family's own random search in a run with `seed`.
    ///
    /// - Complexity: O(``steps``).
    public func curve(seed: Int, trial: Int) -> LearningCurve {
        draw(seed, trial)
    }

    /// The curve of the configuration `trial` asks its sampler for (define-by-run).
    ///
    /// - Parameters:
    ///   - trial: a trial of a study.
    ///   - seed: the run's seed, for the noise.
    /// - Throws: the trial's errors.
    /// - Complexity: O(``steps``) plus the family's lookup (O(runs) for a recorded family).
    public func curve(suggestedBy trial: Trial, seed: Int) throws -> LearningCurve {
        try body(trial, seed, trial.number)
    }

    /// The curve at `parameters`, without a study.
    ///
    /// - Parameters:
    ///   - parameters: a value for every parameter of ``searchSpace``.
    ///   - trialNumber: the trial number the noise is drawn for.
    ///   - seed: the run's seed, for the noise.
    /// - Throws: ``HyperTuneStudy/Trial/fixed(_:)``'s errors when a value is missing or outside its
    ///   distribution; ``ProblemError`` when a value is never asked for or the body asks for an
    ///   undeclared parameter.
    /// - Complexity: as ``curve(suggestedBy:seed:)``.
    public func curve(at parameters: [String: ParameterValue], trialNumber: Int = 0, seed: Int = 0) async throws -> LearningCurve {
        let trial = try await Trial.fixed(parameters)
        let curve = try body(trial, seed, trialNumber)
        try trial.checkAgainst(searchSpace, problem: name)
        return curve
    }

    /// How far a curve's final value is from the family's best: `finalValue - optimumValue`
    /// (never negative for a curve of the family, up to rounding).
    ///
    /// - Complexity: O(1).
    public func regret(_ curve: LearningCurve) -> Double {
        curve.finalValue - optimumValue
    }
}
