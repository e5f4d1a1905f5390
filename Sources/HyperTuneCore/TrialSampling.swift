package import HyperTuneSearchSpace

/// The sampling steps of one trial, the one implementation the study driver (`Study.ask` and
/// `Trial.suggest*`) and the test support's sampler driver share.
///
/// When the trial starts (``init(sampler:view:trial:)``): its random stream, then the sampler's
/// joint (relative) sample over the search space it infers, each value snapped to its
/// distribution. Then per parameter (``value(of:_:for:)``), the first that applies of: the value
/// fixed in advance (enqueued), the only value of a one-point distribution, the joint value (when
/// the parameter was sampled jointly with this very distribution), an independent sample.
///
/// Determinism: every draw comes from ``generator``, in the order the parameters are asked for.
package struct TrialSampling: Sendable {
    /// The sampler.
    package let sampler: any Sampler
    /// What the sampler sees of the study (the pruner's view for the sampler).
    package let view: StudySnapshot
    /// The jointly sampled parameters' distributions (empty when nothing was sampled jointly).
    package private(set) var relativeSpace: SearchSpace
    /// The joint sample, internal values by name, snapped.
    package private(set) var relative: [String: Double]
    /// The trial's random stream.
    package private(set) var generator: SeededGenerator

    /// Runs the steps at the start of `trial`: the generator, the relative search space and the
    /// relative sample.
    ///
    /// - Throws: the sampler's errors.
    /// - Complexity: that of the sampler's relative steps.
    package init(sampler: any Sampler, view: StudySnapshot, trial: TrialRecord) throws {
        self.sampler = sampler
        self.view = view
        generator = sampler.generator(for: trial, in: view)
        relativeSpace = sampler.relativeSearchSpace(in: view, for: trial)
        relative = [:]
        guard !relativeSpace.isEmpty else { return }
        relative = try sampler.sampleRelative(in: view, for: trial, searchSpace: relativeSpace, using: &generator)
        for (name, distribution) in relativeSpace {
            if let value = relative[name] { relative[name] = distribution.snapped(value) }
        }
        if relative.isEmpty { relativeSpace = SearchSpace() }
    }

    /// The joint sample as the system attribute the driver records under
    /// ``SystemAttributeKey/relativeParams``, or `nil` when nothing was sampled jointly.
    package var relativeParamsAttribute: AttributeValue? {
        relative.isEmpty ? nil : TrialRecord.encodeRelativeParams(relative)
    }

    /// The internal value of parameter `name` of `trial` (which has not suggested it yet).
    ///
    /// - Throws: ``HyperTuneSearchSpace/SearchSpaceError`` naming the parameter when an enqueued
    ///   value is not in `distribution`; the sampler's errors.
    /// - Complexity: O(1), or that of the sampler's independent step.
    package mutating func value(of name: String, _ distribution: Distribution, for trial: TrialRecord) throws -> Double {
        if let fixed = trial.fixedParams[name] {
            do {
                return try distribution.internalValue(of: fixed)
            } catch {
                throw SearchSpaceError(error.kind, parameter: name, detail: "enqueued \(error.detail)")
            }
        }
        if distribution.isSingleton { return distribution.snapped(-.infinity) }
        if let value = relative[name], relativeSpace[name] == distribution { return distribution.snapped(value) }
        let sampled = try sampler.sampleIndependent(in: view, for: trial, name: name, distribution: distribution, using: &generator)
        return distribution.snapped(sampled)
    }
}
