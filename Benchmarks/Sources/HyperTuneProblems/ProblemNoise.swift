import Foundation
import HyperTuneCore

/// Additive evaluation noise of a ``BenchmarkProblem``: Gaussian with a fixed standard deviation.
///
/// The noise of trial *n* in a run with seed *s* is a function of *s* and *n* only, so that every
/// sampler (and the Python peer, which implements the same generator) meets exactly the same noise
/// at the same trial number:
///
/// 1. a generator `SeededGenerator(seed: UInt64(bitPattern: s) ^ ProblemNoise.salt, stream: n)`
///    (the salt keeps it apart from `RandomSampler(seed: s)`'s stream *n*);
/// 2. `u1 = nextOpenDouble()`, `u2 = nextDouble()`;
/// 3. a standard normal `z = sqrt(-2 ln u1) · cos(2π u2)` (Box and Muller, "A note on the generation
///    of random normal deviates", Annals of Mathematical Statistics 29(2), 1958);
/// 4. the noise `standardDeviation · z`.
public struct ProblemNoise: Sendable, Hashable {
    /// The noise's standard deviation.
    public var standardDeviation: Double

    /// The constant xor-ed into the run's seed before drawing noise (the ASCII of "noise-ht").
    public static let salt: UInt64 = 0x6E6F_6973_652D_6874

    /// Gaussian noise with standard deviation `standardDeviation`.
    public init(standardDeviation: Double) {
        self.standardDeviation = standardDeviation
    }

    /// The noise of trial `trialNumber` in a run with seed `seed`.
    ///
    /// - Complexity: O(1).
    public func draw(seed: Int, trialNumber: Int) -> Double {
        var generator = SeededGenerator(seed: UInt64(bitPattern: Int64(seed)) ^ Self.salt, stream: UInt64(trialNumber))
        let u1 = generator.nextOpenDouble()
        let u2 = generator.nextDouble()
        return standardDeviation * (-2 * Foundation.log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
