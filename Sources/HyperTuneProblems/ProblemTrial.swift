public import HyperTuneSearchSpace
public import HyperTuneStudy

/// What a benchmark problem's define-by-run body asks its parameters from: a live ``HyperTuneStudy/Trial`` of a
/// study, or a fixed assignment (``FixedAssignment``) when a problem is evaluated without a study.
///
/// The requirements are `Trial`'s own methods, spelled with every argument (a protocol requirement
/// has no default arguments), so `Trial` conforms as it is.
public protocol ProblemTrial: AnyObject {
    /// The trial's number (0-based); noisy problems draw their noise from it.
    var number: Int { get }

    /// A float in `range`, optionally on a grid of `step` or log-scaled.
    ///
    /// - Throws: the trial's errors (an invalid range, a missing or out-of-range fixed value).
    func suggestFloat(_ name: String, in range: ClosedRange<Double>, step: Double?, log: Bool) throws -> Double

    /// An integer in `range`, optionally on a grid of `step` or log-scaled.
    ///
    /// - Throws: the trial's errors.
    func suggestInt(_ name: String, in range: ClosedRange<Int>, step: Int, log: Bool) throws -> Int

    /// One of `choices`.
    ///
    /// - Throws: the trial's errors.
    func suggestCategorical<Choice: CategoricalChoice>(_ name: String, _ choices: [Choice]) throws -> Choice

    /// Records an intermediate value (learning-curve problems report one per step).
    ///
    /// - Throws: the trial's errors.
    func report(_ value: Double, step: Int) async throws

    /// Whether the trial should stop now (a fixed assignment never stops).
    ///
    /// - Throws: the trial's errors.
    func shouldPrune() async throws -> Bool
}

extension Trial: ProblemTrial {}
