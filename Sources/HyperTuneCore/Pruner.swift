/// Decides whether a running trial should stop early.
///
/// A pruner is a pure function of the study snapshot and the trial being judged (with the
/// intermediate values it has reported so far). It never touches storage.
public protocol Pruner: Sendable {
    /// Whether `trial` should be pruned now.
    ///
    /// - Parameters:
    ///   - trial: the running trial, with every intermediate value reported so far.
    ///   - study: the study, including other running trials.
    func shouldPrune(_ trial: TrialRecord, in study: StudySnapshot) -> Bool

    /// The part of the study the sampler should learn from when sampling `trial`. The default is
    /// the whole study; `HyperbandPruner` keeps the trials of `trial`'s bracket.
    func samplerView(of study: StudySnapshot, for trial: TrialRecord) -> StudySnapshot

    /// Checks the pruner's settings. `Study.create` and `Study.load` call it, so a setting that
    /// cannot work is a thrown ``SettingError`` (naming the setting and its value) before any trial
    /// runs. A pruner that wraps another validates the wrapped one too. The default accepts.
    ///
    /// Initializers do not throw (a pruner is usually written as a constant argument); the
    /// library's pruners record the problem, report it here, and treat judging a trial with it
    /// (``shouldPrune(_:in:)`` without validating first) as a precondition failure: they never
    /// silently stop pruning.
    ///
    /// - Throws: ``SettingError``.
    func validate() throws
}

extension Pruner {
    /// The whole study.
    public func samplerView(of study: StudySnapshot, for trial: TrialRecord) -> StudySnapshot { study }

    /// Accepts.
    public func validate() throws {}
}
