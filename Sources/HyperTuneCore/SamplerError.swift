import HyperTuneSearchSpace

/// A sampler could not do what was asked (a parameter missing from a grid, a study with more
/// objectives than it supports). A setting that cannot work is a ``SettingError`` instead.
public struct SamplerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The sampler's name, for example `"GridSampler"`.
    public var sampler: String
    /// The parameter concerned, if any.
    public var parameter: String?
    /// What went wrong.
    public var detail: String

    /// Creates an error.
    public init(sampler: String, parameter: String? = nil, detail: String) {
        self.sampler = sampler
        self.parameter = parameter
        self.detail = detail
    }

    /// `SAMPLER: parameter "NAME": DETAIL`.
    public var description: String {
        if let parameter { "\(sampler): parameter \"\(parameter)\": \(detail)" } else { "\(sampler): \(detail)" }
    }

    /// The error of a single-objective sampler asked to sample for a study of `objectives` objectives.
    package static func singleObjectiveOnly(_ sampler: String, objectives: Int) -> SamplerError {
        SamplerError(sampler: sampler, detail: "supports single-objective studies only, this one has \(objectives) objectives")
    }
}
