import Foundation
import HyperTuneCore
public import HyperTuneSearchSpace

/// The synthetic learning curves of the pruner benchmark: training runs whose final loss depends
/// on three hyperparameters, with noise, and whose curves cross.
///
/// A configuration is (log10 learning rate `u` in [-4, 0], regularization `r` in [0, 1], width `w`
/// in [0, 1]). Its noise-free validation loss after step `t` (t = 0 ... 80, i.e. t + 1 epochs) is
///
///     y(t) = A + (1 - A) · exp(-(t + 1) / τ) + 0.3 · w · (1 - r)² · (t + 1) / 81
///     τ    = 0.8 · 10^(-min(u, -1.5) / 2) · (1 + r) / (0.5 + w)
///     A    = 0.05 + 0.15 · max(0, u + 1.5)² + 0.15 · (1 - w)² + 0.15 · r²
///
/// - the learning rate sets the speed up to the largest stable rate, 10^-1.5; above it training is
///   no faster and ends on a higher plateau;
/// - width speeds learning up and lowers the plateau, but a wide network without regularization
///   overfits: its loss rises again late in training;
/// - regularization slows the start and prevents the overfitting: the best configurations
///   (r ≈ 0.63, w ≈ 0.87) start slower than unregularized ones and end better, so the curves cross,
///   mostly between steps 10 and 40.
///
/// The observed loss adds Gaussian noise of standard deviation 0.01 at each step, independent
/// across steps. Under the family's own random search a trial's configuration and noise depend only
/// on the run's seed and the trial's number (streams of ``HyperTuneCore/SeededGenerator``), so every pruner, and
/// the Python peer (`Benchmarks/problems/learning_curves.py`, checked to 1e-9 against
/// `Benchmarks/problems/learning-curves-reference.json`), meets exactly the same curves.
/// ``LearningCurveFamily/synthetic`` is the family built on these functions.
public enum SyntheticLearningCurves {
    /// The number of steps of a full run (0 ... 80).
    public static let steps = 81
    /// Xor-ed into the seed of the configuration stream ("lcurves!").
    public static let configurationSalt: UInt64 = 0x6C63_7572_7665_7321
    /// Xor-ed into the seed of the noise stream ("noise-lc").
    public static let noiseSalt: UInt64 = 0x6E6F_6973_652D_6C63
    /// The standard deviation of the noise at each step.
    public static let noiseStandardDeviation = 0.01

    /// One configuration of the family.
    public struct Configuration: Sendable, Hashable, Codable {
        /// `u`: the base-10 logarithm of the learning rate, in [-4, 0].
        public var logLearningRate: Double
        /// `r`, in [0, 1].
        public var regularization: Double
        /// `w`, in [0, 1].
        public var width: Double

        /// Creates a configuration.
        public init(logLearningRate: Double, regularization: Double, width: Double) {
            self.logLearningRate = logLearningRate
            self.regularization = regularization
            self.width = width
        }

        /// The configuration as trial parameters: `log10_learning_rate`, `regularization`, `width`.
        public var parameters: [String: ParameterValue] {
            ["log10_learning_rate": .float(logLearningRate), "regularization": .float(regularization), "width": .float(width)]
        }
    }

    /// The parameters a define-by-run trial asks for: `log10_learning_rate` in [-4, 0],
    /// `regularization` and `width` in [0, 1], all uniform floats.
    public static let searchSpace = SearchSpace([
        "log10_learning_rate": .float(try! FloatDistribution(-4...0)),
        "regularization": .float(try! FloatDistribution(0...1)),
        "width": .float(try! FloatDistribution(0...1)),
    ])

    /// Trial `trial`'s configuration in a run with `seed`: from
    /// `SeededGenerator(seed: seed ^ configurationSalt, stream: trial)`, `u = -4 + 4·nextDouble()`,
    /// then `r = nextDouble()`, then `w = nextDouble()`.
    ///
    /// - Complexity: O(1).
    public static func configuration(seed: Int, trial: Int) -> Configuration {
        var generator = SeededGenerator(seed: UInt64(bitPattern: Int64(seed)) ^ configurationSalt, stream: UInt64(trial))
        let u = -4 + 4 * generator.nextDouble()
        let r = generator.nextDouble()
        let w = generator.nextDouble()
        return Configuration(logLearningRate: u, regularization: r, width: w)
    }

    /// The noise-free loss of `configuration` at `step`.
    ///
    /// - Complexity: O(1).
    public static func cleanValue(_ configuration: Configuration, step: Int) -> Double {
        let u = configuration.logLearningRate
        let r = configuration.regularization
        let w = configuration.width
        let tau = 0.8 * pow(10, -min(u, -1.5) / 2) * (1 + r) / (0.5 + w)
        let unstable = max(0, u + 1.5)
        let a = 0.05 + 0.15 * unstable * unstable + 0.15 * ((1 - w) * (1 - w)) + 0.15 * r * r
        let overfit = 0.3 * w * ((1 - r) * (1 - r)) * Double(step + 1) / Double(steps)
        return a + (1 - a) * exp(-Double(step + 1) / tau) + overfit
    }

    /// The noise-free loss at every step.
    ///
    /// - Complexity: O(``steps``).
    public static func cleanCurve(_ configuration: Configuration) -> [Double] {
        (0..<steps).map { cleanValue(configuration, step: $0) }
    }

    /// The noise-free final loss (what regret is judged on).
    ///
    /// - Complexity: O(1).
    public static func finalValue(_ configuration: Configuration) -> Double {
        cleanValue(configuration, step: steps - 1)
    }

    /// The noise of each step of trial `trial`: from `SeededGenerator(seed: seed ^ noiseSalt,
    /// stream: trial)`, step by step, `u1 = nextOpenDouble()`, `u2 = nextDouble()`,
    /// `0.01 · sqrt(-2 ln u1) · cos(2π u2)` (Box and Muller, "A note on the generation of random
    /// normal deviates", Annals of Mathematical Statistics 29(2), 1958).
    ///
    /// - Complexity: O(``steps``).
    public static func noise(seed: Int, trial: Int) -> [Double] {
        var generator = SeededGenerator(seed: UInt64(bitPattern: Int64(seed)) ^ noiseSalt, stream: UInt64(trial))
        return (0..<steps).map { _ in
            let u1 = generator.nextOpenDouble()
            let u2 = generator.nextDouble()
            return noiseStandardDeviation * (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
        }
    }

    /// What trial `trial` of a run with `seed` reports at each step for `configuration`: the clean
    /// curve plus the trial's noise.
    ///
    /// - Complexity: O(``steps``).
    public static func observedCurve(_ configuration: Configuration, seed: Int, trial: Int) -> [Double] {
        zip(cleanCurve(configuration), noise(seed: seed, trial: trial)).map { $0 + $1 }
    }

    /// The curve of `configuration` as trial `trial` of a run with `seed` meets it.
    ///
    /// - Complexity: O(``steps``).
    public static func curve(_ configuration: Configuration, seed: Int, trial: Int) -> LearningCurve {
        LearningCurve(
            values: observedCurve(configuration, seed: seed, trial: trial), finalValue: finalValue(configuration),
            parameters: configuration.parameters)
    }

    /// The best noise-free final loss over the domain, and where it is.
    ///
    /// The learning rate is optimal at 10^-1.5 whatever the other two (slower below, unstable
    /// above); regularization and width come from nested golden-section searches (100 iterations
    /// each), the same algorithm as the Python peer's.
    public static let optimum: (value: Double, configuration: Configuration) = {
        func bestWidth(_ r: Double) -> (Double, Double) {
            goldenMinimum(0, 1) { w in finalValue(Configuration(logLearningRate: -1.5, regularization: r, width: w)) }
        }
        let (r, value) = goldenMinimum(0, 1) { bestWidth($0).1 }
        return (value, Configuration(logLearningRate: -1.5, regularization: r, width: bestWidth(r).0))
    }()

    /// Golden-section search for the minimum of a unimodal `f` on `[low, high]`: (argmin, min), at
    /// the midpoint of the final bracket.
    ///
    /// Each iteration keeps two interior points at the golden ratio of the bracket and drops the
    /// part beyond the worse one, keeping the lower part on a tie (Kiefer, "Sequential minimax
    /// search for a maximum", Proc. AMS 4, 1953), step for step as `learning_curves.py` does, so
    /// both find the same optimum. (The library's samplers have their own copy in
    /// HyperTuneNumerics, which is not a product.)
    static func goldenMinimum(_ low: Double, _ high: Double, iterations: Int = 100, _ f: (Double) -> Double) -> (Double, Double) {
        let ratio = (5.0.squareRoot() - 1) / 2
        var (a, b) = (low, high)
        var (c, d) = (b - ratio * (b - a), a + ratio * (b - a))
        var (fc, fd) = (f(c), f(d))
        for _ in 0..<iterations {
            if fc <= fd {
                (b, d, fd) = (d, c, fc)
                c = b - ratio * (b - a)
                fc = f(c)
            } else {
                (a, c, fc) = (c, d, fd)
                d = a + ratio * (b - a)
                fd = f(d)
            }
        }
        let x = (a + b) / 2
        return (x, f(x))
    }
}
