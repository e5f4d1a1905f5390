/// The one way the library's samplers and pruners check their settings: each states its rules to
/// a check, which keeps the first broken one as a ``SettingError``.
///
/// ```swift
/// var check = SettingsCheck("MedianPruner")
/// check.atLeast("startupTrials", startupTrials, 0)
/// check.require(percentile >= 0 && percentile <= 100, "percentile", percentile, "must be in 0...100")
/// try check.validate()
/// ```
package struct SettingsCheck: Sendable {
    /// The sampler's or pruner's type, for the error.
    package let type: String
    /// The first broken rule, if any.
    package private(set) var problem: SettingError?

    /// A check of `type`'s settings, with no rule broken yet.
    package init(_ type: String) { self.type = type }

    /// Records that `setting` (whose value is `value`) breaks `rule` unless `condition` holds.
    /// Only the first broken rule is kept.
    package mutating func require(_ condition: Bool, _ setting: String, _ value: some Sendable, _ rule: @autoclosure () -> String) {
        if problem == nil && !condition {
            problem = SettingError(type: type, setting: setting, value: "\(value)", rule: rule())
        }
    }

    /// Requires `value >= minimum` (NaN breaks it).
    package mutating func atLeast<Value: Comparable & Sendable>(_ setting: String, _ value: Value, _ minimum: Value) {
        require(value >= minimum, setting, value, "must be >= \(minimum)")
    }

    /// Requires an `optional` to be `nil` or `>= minimum`.
    package mutating func atLeast<Value: Comparable & Sendable>(_ setting: String, _ value: Value?, _ minimum: Value) {
        require(value.map { $0 >= minimum } ?? true, setting, value.map { "\($0)" } ?? "nil", "must be >= \(minimum) or nil")
    }

    /// Adds the problem of a part checked on its own (an inner pruner, say), if no rule is broken yet.
    package mutating func include(_ other: SettingError?) {
        if problem == nil { problem = other }
    }

    /// Whether every rule holds.
    package var isValid: Bool { problem == nil }

    /// Throws the first broken rule.
    ///
    /// - Throws: ``SettingError`` naming the setting, the rule and the value.
    package func validate() throws(SettingError) {
        if let problem { throw problem }
    }

    /// The plan of a single-objective sampler of these settings: a plain new trial.
    ///
    /// - Throws: the first broken rule (``SettingError``); ``SamplerError`` for a study of several
    ///   objectives.
    package func singleObjectivePlan(in study: StudySnapshot) throws -> TrialPlan {
        try validate()
        if study.isMultiObjective { throw SamplerError.singleObjectiveOnly(type, objectives: study.directions.count) }
        return .start(NewTrial())
    }
}

extension SettingsCheck {
    /// Stops the program when a rule is broken: for the work of a sampler or pruner that was used
    /// without ``validate()`` (`Study.create` refuses it), which must neither do nonsense nor
    /// silently do nothing.
    ///
    /// - Precondition: every rule holds.
    package func assertValid() {
        if let problem {
            preconditionFailure("\(problem) (validate() throws this, and Study.create refuses the \(type))")
        }
    }
}
