public import HyperTuneStudy

extension Trial {
    /// The user attribute holding the per-fold scores of ``crossValidate(_:score:)``.
    public static let crossValidationScoresKey = "cv_scores"

    /// Evaluates a configuration fold by fold and returns the mean score.
    ///
    /// After each fold the running mean is reported as the intermediate value at step = fold index,
    /// and the study's pruner is asked whether to stop; if it says so, the scores so far are kept and
    /// ``HyperTuneStudy/TrialPruned`` is thrown, so a configuration that does badly on its first folds costs only
    /// those folds. The per-fold scores are kept as the user attribute `cv_scores` (an array, in
    /// fold order).
    ///
    /// ```swift
    /// let splits = try StratifiedKFold(folds: 5, seed: 1).splits(labels: labels)
    /// try await study.optimize(nTrials: 40) { trial in
    ///     let depth = try trial.suggestInt("depth", in: 1...8)
    ///     return try await trial.crossValidate(splits) { split, _ in
    ///         accuracy(of: train(depth: depth, on: split.train), on: split.validation)
    ///     }
    /// }
    /// ```
    ///
    /// Scores must come from the validation indices: the helper cannot check that, but it is the
    /// point of cross-validation.
    ///
    /// - Parameters:
    ///   - splits: the folds, from ``HyperTuneValidation/KFold`` or ``HyperTuneValidation/StratifiedKFold``.
    ///   - score: trains on `split.train` and scores on `split.validation`; the second argument is
    ///     the fold's index.
    /// - Returns: the mean of the fold scores.
    /// - Throws: ``HyperTuneStudy/TrialPruned`` when the pruner stops the trial; ``HyperTuneValidation/ValidationError`` for no splits;
    ///   errors of `score` and of storage.
    public func crossValidate(
        _ splits: [Split], score: (Split, Int) async throws -> Double
    ) async throws -> Double {
        guard !splits.isEmpty else { throw ValidationError(parameter: "splits", detail: "needs at least one split") }
        var scores: [Double] = []
        var sum = 0.0
        for (fold, split) in splits.enumerated() {
            let value = try await score(split, fold)
            scores.append(value)
            sum += value
            try await setUserAttribute(Self.crossValidationScoresKey, .array(scores.map { .double($0) }))
            try await report(sum / Double(scores.count), step: fold)
            if fold < splits.count - 1, try await shouldPrune() {
                throw TrialPruned("after fold \(fold + 1) of \(splits.count)")
            }
        }
        return sum / Double(scores.count)
    }
}
