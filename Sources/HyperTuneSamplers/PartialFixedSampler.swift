public import HyperTuneCore
public import HyperTuneSearchSpace

/// Fixes some parameters to given values and lets another sampler choose the rest.
///
/// ```swift
/// let sampler = PartialFixedSampler(fixed: ["x": 0.5], base: TPESampler(seed: 1))
/// ```
///
/// A suggestion of a fixed name returns its fixed value (which must be a member of the suggested
/// distribution, else a ``HyperTuneCore/SamplerError`` naming the parameter and the value); every
/// other parameter is sampled by `base`, jointly or independently as it does. The base's joint
/// search space loses the fixed names, so a model-based base still models the free parameters
/// from the whole history (the fixed ones as they were observed). Trial planning, random streams
/// and validation are the base's.
///
/// - Complexity: the base's, plus O(f) per suggestion for f fixed names.
public struct PartialFixedSampler: Sampler {
    /// The fixed values, by name.
    public let fixed: [String: ParameterValue]
    /// The sampler of the other parameters.
    public let base: any Sampler

    /// Creates a partially fixed sampler.
    ///
    /// - Parameters:
    ///   - fixed: the values of the fixed parameters, by name.
    ///   - base: the sampler of every other parameter.
    public init(fixed: [String: ParameterValue], base: any Sampler) {
        self.fixed = fixed
        self.base = base
    }

    /// The base's validation, and no NaN among the fixed values.
    ///
    /// - Throws: ``HyperTuneCore/SettingError`` naming a NaN fixed value; the base's errors.
    public func validate() throws {
        var check = SettingsCheck("PartialFixedSampler")
        for name in fixed.keys.sorted() {
            if case .float(let value) = fixed[name] { check.require(!value.isNaN, "fixed[\"\(name)\"]", value, "must not be NaN") }
        }
        try check.validate()
        try base.validate()
    }

    /// The base's plan.
    public func planTrial(in study: StudySnapshot) throws -> TrialPlan {
        try base.planTrial(in: study)
    }

    /// The base's stream.
    public func generator(for trial: TrialRecord, in study: StudySnapshot) -> SeededGenerator {
        base.generator(for: trial, in: study)
    }

    /// The base's joint space without the fixed names.
    public func relativeSearchSpace(in study: StudySnapshot, for trial: TrialRecord) -> SearchSpace {
        var space = SearchSpace()
        for (name, distribution) in base.relativeSearchSpace(in: study, for: trial) where fixed[name] == nil {
            space.set(name, distribution)
        }
        return space
    }

    /// The base's joint sample of `searchSpace`.
    public func sampleRelative(
        in study: StudySnapshot, for trial: TrialRecord, searchSpace: SearchSpace,
        using generator: inout SeededGenerator
    ) throws -> [String: Double] {
        try base.sampleRelative(in: study, for: trial, searchSpace: searchSpace, using: &generator)
    }

    /// The fixed value of `name`, or the base's independent sample.
    ///
    /// - Throws: ``HyperTuneCore/SamplerError`` when the fixed value is not in `distribution`; the base's errors.
    public func sampleIndependent(
        in study: StudySnapshot, for trial: TrialRecord, name: String, distribution: Distribution,
        using generator: inout SeededGenerator
    ) throws -> Double {
        guard let value = fixed[name] else {
            return try base.sampleIndependent(in: study, for: trial, name: name, distribution: distribution, using: &generator)
        }
        do {
            return try distribution.internalValue(of: value)
        } catch {
            throw SamplerError(sampler: "PartialFixedSampler", parameter: name, detail: "fixed \(error.detail)")
        }
    }
}
