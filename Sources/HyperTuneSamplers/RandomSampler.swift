public import HyperTuneCore
public import HyperTuneSearchSpace

/// Samples every parameter independently and uniformly: the baseline every sampler is measured against.
///
/// Floats are uniform on their range (log-uniform on log ranges); ints and step floats are uniform
/// over their grid (log ints: each integer weighted by the log-width of its rounding bin);
/// categoricals are uniform over their choices.
///
/// Each trial draws from its own stream, `SeededGenerator(seed: seed, stream: trial number)`, so the
/// parameters of trial *k* depend only on the seed and *k*: the same at any concurrency.
///
/// - Complexity: O(1) per suggestion, independent of the number of trials.
public struct RandomSampler: SeededSampler {
    /// The seed of every trial's stream.
    public let seed: UInt64

    /// Creates a random sampler.
    ///
    /// - Parameter seed: the seed; `nil` draws one from the system's entropy source.
    public init(seed: Int? = nil) {
        self.seed = SeededGenerator.samplerSeed(seed)
    }

    /// A uniform draw from `distribution`.
    public func sampleIndependent(
        in study: StudySnapshot, for trial: TrialRecord, name: String, distribution: Distribution,
        using generator: inout SeededGenerator
    ) throws -> Double {
        distribution.uniformInternalValue(using: &generator)
    }
}
