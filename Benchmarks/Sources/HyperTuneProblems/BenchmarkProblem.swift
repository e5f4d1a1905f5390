import Foundation
public import HyperTuneCore
public import HyperTuneSearchSpace
public import HyperTuneStudy

/// A test problem for samplers: a define-by-run objective with a known optimum.
///
/// A problem's ``body`` asks a ``HyperTuneStudy/Trial`` for its parameters, as any objective does,
/// and returns the noise-free value. ``evaluate(_:seed:)`` runs the body on a trial of a study and
/// adds the problem's noise, if any; ``evaluate(at:trialNumber:seed:)`` runs it on a
/// ``HyperTuneStudy/Trial/fixed(_:)`` trial, without a study. ``objective(seed:)`` is the closure to
/// hand `Study.optimize`.
///
/// ```swift
/// let problem = BenchmarkProblem.branin
/// let study = try await Study.create(direction: problem.direction, sampler: RandomSampler(seed: 1))
/// try await study.optimize(nTrials: 50, problem.objective(seed: 1))
/// let best = try await problem.evaluate(at: study.bestTrial.params)
/// print(problem.regret(best.noiseFreeValue))
/// ```
///
/// Regret is judged on the noise-free value: for a minimized problem, the noise-free value minus
/// ``optimumValue``; for a maximized one, the mirror. The benchmark suite reports
/// ``log10Regret(_:)``, floored at ``regretFloor`` so that a perfect hit is finite.
///
/// The catalogue (``all``) documents each problem's definition, domain, shift and optimum;
/// `Docs/Benchmarks.md` repeats it. The Python peer script in `Benchmarks/` implements the same
/// problems a second time, and both are checked against `Benchmarks/problems/reference.json` to 1e-9.
public struct BenchmarkProblem: Sendable {
    /// The problem's name, as the benchmark runner's `--problems` option spells it (`"branin"`).
    public let name: String
    /// A one-line description.
    public let summary: String
    /// Whether lower or higher values are better.
    public let direction: StudyDirection
    /// Every parameter the body may ask for, with its distribution. For a conditional problem this
    /// is the union over all branches; a single evaluation uses a subset.
    public let searchSpace: SearchSpace
    /// The best noise-free value over the domain.
    public let optimumValue: Double
    /// One assignment where the noise-free value is ``optimumValue`` (within rounding).
    public let optimum: [String: ParameterValue]
    /// How far the textbook function was moved, by parameter: the problem's value at `x` is the
    /// textbook value at `x - shift`, so the optimum moved by `shift`. Empty when the textbook
    /// optimum is already away from the centre of the box (Branin, Hartmann6) or the problem is
    /// our own (its optimum is placed off-centre by construction).
    public let shift: [String: Double]
    /// The noise added to each evaluation, or `nil` for a deterministic problem.
    public let noise: ProblemNoise?
    /// The define-by-run body: asks for parameters and returns the noise-free value.
    public let body: @Sendable (Trial) async throws -> Double

    /// Creates a problem.
    ///
    /// - Parameters:
    ///   - name: the name the runner uses.
    ///   - summary: a one-line description.
    ///   - direction: whether lower or higher is better.
    ///   - searchSpace: every parameter the body may ask for.
    ///   - optimumValue: the best noise-free value.
    ///   - optimum: an assignment reaching it.
    ///   - shift: how far the textbook function was moved, by parameter.
    ///   - noise: the evaluation noise, if any.
    ///   - body: the define-by-run objective, returning the noise-free value.
    public init(
        name: String, summary: String, direction: StudyDirection = .minimize, searchSpace: SearchSpace,
        optimumValue: Double, optimum: [String: ParameterValue], shift: [String: Double] = [:], noise: ProblemNoise? = nil,
        body: @escaping @Sendable (Trial) async throws -> Double
    ) {
        self.name = name
        self.summary = summary
        self.direction = direction
        self.searchSpace = searchSpace
        self.optimumValue = optimumValue
        self.optimum = optimum
        self.shift = shift
        self.noise = noise
        self.body = body
    }

    /// The number of parameters in ``searchSpace`` (for a conditional problem, over all branches).
    public var dimension: Int { searchSpace.count }

    /// Whether evaluations carry noise.
    public var isNoisy: Bool { noise != nil }

    /// The smallest regret the suite distinguishes: ``log10Regret(_:)`` of anything below it is -12.
    public static let regretFloor = 1e-12

    /// How far a noise-free value is from the optimum: `value - optimumValue` when minimizing,
    /// `optimumValue - value` when maximizing (never negative for a value of the domain, up to
    /// rounding).
    ///
    /// - Complexity: O(1).
    public func regret(_ noiseFreeValue: Double) -> Double {
        direction == .minimize ? noiseFreeValue - optimumValue : optimumValue - noiseFreeValue
    }

    /// `log10(max(regret, regretFloor))`: finite for a perfect hit (and for a rounding-negative regret).
    ///
    /// - Complexity: O(1).
    public static func log10Regret(_ regret: Double) -> Double {
        let clamped = regret.isNaN ? Double.infinity : max(regret, regretFloor)
        return log10(clamped)
    }

    /// Runs the body on `trial` and adds the noise drawn for `seed` and the trial's number.
    ///
    /// - Parameters:
    ///   - trial: a trial of a study.
    ///   - seed: the run's seed; the noise of trial *n* is a function of the seed and *n* only
    ///     (see ``ProblemNoise``), so every sampler sees the same noise at the same trial number.
    /// - Returns: the value to tell the study and the noise-free value.
    /// - Throws: the trial's errors.
    /// - Complexity: the body's, O(d) for every problem of the catalogue.
    public func evaluate(_ trial: Trial, seed: Int = 0) async throws -> ProblemEvaluation {
        evaluation(try await body(trial), seed: seed, trialNumber: trial.number)
    }

    /// Evaluates the problem at `params` without a study.
    ///
    /// - Parameters:
    ///   - params: a value for every parameter the body asks for (for a conditional problem, exactly
    ///     those of one branch).
    ///   - trialNumber: the trial number the noise is drawn for.
    ///   - seed: the run's seed, for the noise.
    /// - Throws: ``HyperTuneStudy/Trial/fixed(_:)``'s errors when a value is missing or outside its
    ///   distribution; ``ProblemError`` when a value is never asked for or the body asks for an
    ///   undeclared parameter.
    /// - Complexity: the body's.
    public func evaluate(at params: [String: ParameterValue], trialNumber: Int = 0, seed: Int = 0) async throws -> ProblemEvaluation {
        let trial = try await Trial.fixed(params)
        let clean = try await body(trial)
        try trial.checkAgainst(searchSpace, problem: name)
        return evaluation(clean, seed: seed, trialNumber: trialNumber)
    }

    private func evaluation(_ clean: Double, seed: Int, trialNumber: Int) -> ProblemEvaluation {
        let observed = noise.map { clean + $0.draw(seed: seed, trialNumber: trialNumber) } ?? clean
        return ProblemEvaluation(value: observed, noiseFreeValue: clean)
    }

    /// The objective to hand `Study.optimize`: evaluates a trial and returns the noisy value.
    ///
    /// - Parameter seed: the run's seed, for the noise.
    public func objective(seed: Int = 0) -> @Sendable (Trial) async throws -> Double {
        let problem = self
        return { trial in try await problem.evaluate(trial, seed: seed).value }
    }
}

/// One evaluation of a ``BenchmarkProblem``.
public struct ProblemEvaluation: Sendable, Hashable {
    /// The value an optimizer sees (with noise, for a noisy problem).
    public var value: Double
    /// The value without noise: what regret is judged on.
    public var noiseFreeValue: Double

    /// Creates an evaluation.
    public init(value: Double, noiseFreeValue: Double) {
        self.value = value
        self.noiseFreeValue = noiseFreeValue
    }
}
