import HyperTuneSearchSpace

extension LearningCurveFamily {
    /// The synthetic family (``SyntheticLearningCurves``): 81 steps, three continuous
    /// hyperparameters, Gaussian noise of 0.01 per step, curves that cross late. The final value is
    /// the noise-free final loss; the optimum is found by golden-section search.
    public static let synthetic = LearningCurveFamily(
        name: "synthetic", summary: "synthetic curves that cross late, 81 steps, noise 0.01",
        steps: SyntheticLearningCurves.steps, searchSpace: SyntheticLearningCurves.searchSpace,
        optimumValue: SyntheticLearningCurves.optimum.value,
        draw: { seed, trial in
            SyntheticLearningCurves.curve(SyntheticLearningCurves.configuration(seed: seed, trial: trial), seed: seed, trial: trial)
        },
        body: { trial, seed, trialNumber in
            let configuration = SyntheticLearningCurves.Configuration(
                logLearningRate: try trial.suggestFloat("log10_learning_rate", in: -4...0, step: nil, log: false),
                regularization: try trial.suggestFloat("regularization", in: 0...1, step: nil, log: false),
                width: try trial.suggestFloat("width", in: 0...1, step: nil, log: false))
            return SyntheticLearningCurves.curve(configuration, seed: seed, trial: trialNumber)
        })

    /// The recorded digits family: replays `curves` (``DigitsLearningCurves``), reporting the
    /// validation error after each epoch, without noise.
    ///
    /// Under the family's own random search trial *n* replays run ``DigitsLearningCurves/index(seed:trial:)``;
    /// define-by-run, a trial asks for the digits example's parameters and replays the nearest run
    /// (``DigitsLearningCurves/nearestRun(learningRate:l2:width:depth:activation:optimizer:)``).
    /// The final value is the run's final validation error; the optimum is the table's lowest
    /// (``DigitsLearningCurves/bestFinalError``).
    ///
    /// - Complexity: O(1); the family's lookups are O(runs).
    public static func digits(_ curves: DigitsLearningCurves) -> LearningCurveFamily {
        LearningCurveFamily(
            name: "digits",
            summary: "validation error of the digits MLP, \(curves.runs.count) recorded runs of \(curves.epochs) epochs",
            steps: curves.epochs, searchSpace: DigitsLearningCurves.searchSpace, optimumValue: curves.bestFinalError,
            draw: { seed, trial in curves.curve(curves.index(seed: seed, trial: trial)) },
            body: { trial, _, _ in
                let index = curves.nearestRun(
                    learningRate: try trial.suggestFloat("learning_rate", in: 1e-4...0.5, step: nil, log: true),
                    l2: try trial.suggestFloat("l2", in: 1e-6...1e-1, step: nil, log: true),
                    width: try trial.suggestInt("width", in: 16...128, step: 1, log: true),
                    depth: try trial.suggestInt("depth", in: 1...2, step: 1, log: false),
                    activation: try trial.suggestCategorical("activation", DigitsLearningCurves.activations),
                    optimizer: try trial.suggestCategorical("optimizer", DigitsLearningCurves.optimizers))
                return curves.curve(index)
            })
    }

    /// The names ``named(_:)`` knows.
    public static let names = ["synthetic", "digits"]

    /// The family named `name`: ``synthetic``, or ``digits(_:)`` on the committed table.
    ///
    /// - Throws: ``ProblemError`` `unknownProblem` for another name; the table's loading errors.
    /// - Complexity: O(1) for the synthetic family; reading the table for the digits family.
    public static func named(_ name: String) throws(ProblemError) -> LearningCurveFamily {
        switch name {
        case "synthetic": return .synthetic
        case "digits": return .digits(try DigitsLearningCurves.loadCommitted())
        default:
            throw ProblemError(.unknownProblem, problem: name, detail: "known learning-curve families: \(names.joined(separator: ", "))")
        }
    }
}
