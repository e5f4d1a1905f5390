/// Reference values of the learning-curve families, against which a second implementation (the
/// Python peer, `Benchmarks/peer_optuna_pruners.py check`) and the tests check the families to
/// 1e-9: the synthetic family's optimum and the configuration, clean and observed curves of some
/// trials; the digits table's size and optimum and the run some trials replay, with their curves.
/// All under the families' own random search (``LearningCurveFamily/curve(seed:trial:)``).
///
/// `hypertune-bench curves-reference` writes it to ``repositoryPath``.
public struct LearningCurveReference: Sendable, Hashable, Codable {
    /// The synthetic family's values.
    public var synthetic: Synthetic
    /// The digits family's values.
    public var digits: Digits

    /// The path of the committed file relative to the repository's root.
    public static let repositoryPath = "Benchmarks/problems/learning-curves-reference.json"

    /// The synthetic family's optimum and trials.
    public struct Synthetic: Sendable, Hashable, Codable {
        /// The best noise-free final loss.
        public var optimumValue: Double
        /// Where it is.
        public var optimum: SyntheticLearningCurves.Configuration
        /// Some trials.
        public var trials: [SyntheticTrial]
    }

    /// One trial of the synthetic family.
    public struct SyntheticTrial: Sendable, Hashable, Codable {
        /// The run's seed.
        public var seed: Int
        /// The trial's number.
        public var trial: Int
        /// The trial's configuration.
        public var configuration: SyntheticLearningCurves.Configuration
        /// The noise-free loss at each step.
        public var clean: [Double]
        /// The reported loss at each step.
        public var observed: [Double]
        /// The noise-free final loss.
        public var finalValue: Double
    }

    /// The digits family's table size, optimum and trials.
    public struct Digits: Sendable, Hashable, Codable {
        /// The runs in the table.
        public var runs: Int
        /// The lowest final validation error.
        public var optimumValue: Double
        /// Some trials.
        public var trials: [DigitsTrial]
    }

    /// One trial of the digits family.
    public struct DigitsTrial: Sendable, Hashable, Codable {
        /// The run's seed.
        public var seed: Int
        /// The trial's number.
        public var trial: Int
        /// The recorded run it replays.
        public var index: Int
        /// The validation error after each epoch.
        public var observed: [Double]
        /// The final validation error.
        public var finalValue: Double
    }

    /// The values of trials 0 ..< `trials` for seeds 0 ..< `seeds` of both families, the digits
    /// family replaying `digits`.
    ///
    /// - Complexity: O(seeds · trials · steps).
    public init(seeds: Int, trials: Int, digits table: DigitsLearningCurves) {
        let digits = LearningCurveFamily.digits(table)
        var synthetic: [SyntheticTrial] = []
        var recorded: [DigitsTrial] = []
        for seed in 0..<seeds {
            for trial in 0..<trials {
                let configuration = SyntheticLearningCurves.configuration(seed: seed, trial: trial)
                let curve = LearningCurveFamily.synthetic.curve(seed: seed, trial: trial)
                synthetic.append(
                    SyntheticTrial(
                        seed: seed, trial: trial, configuration: configuration, clean: SyntheticLearningCurves.cleanCurve(configuration),
                        observed: curve.values, finalValue: curve.finalValue))
                let replay = digits.curve(seed: seed, trial: trial)
                recorded.append(
                    DigitsTrial(
                        seed: seed, trial: trial, index: table.index(seed: seed, trial: trial), observed: replay.values,
                        finalValue: replay.finalValue))
            }
        }
        let optimum = SyntheticLearningCurves.optimum
        self.synthetic = Synthetic(optimumValue: optimum.value, optimum: optimum.configuration, trials: synthetic)
        self.digits = Digits(runs: table.runs.count, optimumValue: digits.optimumValue, trials: recorded)
    }
}
