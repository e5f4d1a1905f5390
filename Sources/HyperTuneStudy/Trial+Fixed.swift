import HyperTuneCore
import HyperTunePruners
public import HyperTuneSearchSpace
import HyperTuneStorage

extension Trial {
    /// A trial that answers every suggestion from `values`, to evaluate an objective at a given
    /// point without a study of your own (Optuna's `FixedTrial`): the unit test of an objective,
    /// the value at a known optimum.
    ///
    /// ```swift
    /// let trial = try await Trial.fixed(["x": 2.0, "n": 1])
    /// let value = try await Shifted().evaluate(trial)
    /// ```
    ///
    /// - `suggest*` returns the value of that name, checked against the distribution asked for:
    ///   a value outside it (or of the wrong type) is a ``HyperTuneSearchSpace/SearchSpaceError``
    ///   naming the parameter and the value; a name `values` does not hold is a ``StudyError``
    ///   `invalidArgument` naming it. A distribution with a single member answers that member even
    ///   when `values` leaves it out: there is nothing to choose.
    /// - `report` records the value (``record`` shows it); `shouldPrune()` is always `false`.
    /// - The trial is trial 0 of its own study in memory (``study``, named `"fixed-trial"`, with no
    ///   pruner and a sampler that only answers from `values`); that study holds nothing else.
    ///
    /// - Parameter values: the parameter values by name.
    /// - Returns: a running trial.
    /// - Throws: ``StudyError`` `invalidArgument` for an empty parameter name.
    /// - Complexity: O(number of values).
    public static func fixed(_ values: [String: ParameterValue]) async throws -> Trial {
        let study = try await Study.create(
            name: "fixed-trial", direction: .minimize, sampler: FixedValuesSampler(names: values.keys.sorted()), pruner: NopPruner(),
            storage: InMemoryStorage())
        try await study.enqueueTrial(values)
        return try await study.ask()
    }
}

/// The sampler of a ``Trial/fixed(_:)`` trial: its values are enqueued, so it is asked only for a
/// name they do not hold, and refuses.
private struct FixedValuesSampler: Sampler {
    /// The names that have a value, sorted, for the error.
    let names: [String]

    func generator(for trial: TrialRecord, in study: StudySnapshot) -> SeededGenerator {
        SeededGenerator(seed: 0)
    }

    func sampleIndependent(
        in study: StudySnapshot, for trial: TrialRecord, name: String, distribution: Distribution,
        using generator: inout SeededGenerator
    ) throws -> Double {
        let given = names.isEmpty ? "none" : names.map { "\"\($0)\"" }.joined(separator: ", ")
        throw StudyError(
            .invalidArgument, "Trial.fixed: parameter \"\(name)\" (\(distribution)) has no value; values are given for \(given)")
    }
}
