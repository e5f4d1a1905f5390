public import HyperTuneSearchSpace

/// Chooses parameter values for trials.
///
/// A sampler is a pure function of a ``StudySnapshot`` and a seeded generator: it never touches
/// storage or the study driver, so it can be tested on hand-made histories and used from an
/// ask/tell loop. The driver calls it in this order for each trial:
///
/// 1. ``planTrial(in:)`` before the trial exists: start one (with system attributes and an optional
///    claim key no other trial may hold), stop the study, or wait for running trials to finish.
///    Enqueued trials skip the plan.
/// 2. ``generator(for:in:)``: the trial's own random stream.
/// 3. ``relativeSearchSpace(in:for:)`` and ``sampleRelative(in:for:searchSpace:using:)``: joint
///    sampling of the parameters the sampler can infer from history (TPE's multivariate mode, GP).
/// 4. ``sampleIndependent(in:for:name:distribution:using:)`` from each `suggest*` whose parameter
///    was not sampled jointly (a new or conditional parameter, or a sampler without joint sampling).
///
/// Values are exchanged in the internal numeric form (see ``HyperTuneSearchSpace/Distribution``); the driver moves
/// returned values to the nearest member of the distribution (``HyperTuneSearchSpace/Distribution/snapped(_:)``).
///
/// Determinism: every random draw must come from the generator passed in, and iteration over
/// parameters must follow a ``HyperTuneSearchSpace/SearchSpace`` (sorted), never a `Dictionary`.
public protocol Sampler: Sendable {
    /// Decides how the next trial starts. The default starts a trial with nothing attached.
    ///
    /// - Parameter study: the study as it was just before the trial is created.
    /// - Returns: ``TrialPlan/start(_:)``; ``TrialPlan/stop(reason:)`` when the sampler has
    ///   nothing left to try (a finished grid); ``TrialPlan/wait(reason:)`` when it must see a
    ///   running trial finish first.
    func planTrial(in study: StudySnapshot) throws -> TrialPlan

    /// The random stream of `trial`. Conventionally `SeededGenerator(seed: seed, stream: number)`,
    /// so a trial's draws do not depend on how other trials interleave.
    func generator(for trial: TrialRecord, in study: StudySnapshot) -> SeededGenerator

    /// The parameters to sample jointly for `trial`. The default is empty (no joint sampling).
    func relativeSearchSpace(in study: StudySnapshot, for trial: TrialRecord) -> SearchSpace

    /// Samples the parameters of `searchSpace` jointly, returning internal values by name (a
    /// sampler may leave some out; they are then sampled independently). The default returns none.
    func sampleRelative(
        in study: StudySnapshot, for trial: TrialRecord, searchSpace: SearchSpace,
        using generator: inout SeededGenerator
    ) throws -> [String: Double]

    /// Samples one parameter on its own and returns its internal value. `HyperTuneSamplers` gives
    /// every sampler a default: a uniform draw, as `RandomSampler` draws.
    func sampleIndependent(
        in study: StudySnapshot, for trial: TrialRecord, name: String, distribution: Distribution,
        using generator: inout SeededGenerator
    ) throws -> Double

    /// Checks the sampler's settings. `Study.create` and `Study.load` call it, so a setting that
    /// cannot work is a thrown ``SettingError`` (naming the setting and its value) before any trial
    /// runs. The default accepts.
    ///
    /// - Throws: ``SettingError``.
    func validate() throws
}

extension Sampler {
    /// Accepts.
    public func validate() throws {}

    /// Starts every trial with nothing attached.
    public func planTrial(in study: StudySnapshot) throws -> TrialPlan { .start(NewTrial()) }

    /// No joint sampling.
    public func relativeSearchSpace(in study: StudySnapshot, for trial: TrialRecord) -> SearchSpace { SearchSpace() }

    /// No joint sampling.
    public func sampleRelative(
        in study: StudySnapshot, for trial: TrialRecord, searchSpace: SearchSpace,
        using generator: inout SeededGenerator
    ) throws -> [String: Double] { [:] }
}

/// A sampler whose trials draw from the streams of one seed: trial *k* from
/// `SeededGenerator(seed: seed, stream: k)`, so its draws depend only on the seed and the trial's
/// number, not on how trials interleave. Every seeded sampler of the library is one.
public protocol SeededSampler: Sampler {
    /// The seed of every trial's stream.
    var seed: UInt64 { get }
}

extension SeededSampler {
    /// The stream of `trial`'s number: `SeededGenerator(seed: seed, stream: trial.number)`.
    public func generator(for trial: TrialRecord, in study: StudySnapshot) -> SeededGenerator {
        SeededGenerator(seed: seed, stream: UInt64(trial.number))
    }
}
