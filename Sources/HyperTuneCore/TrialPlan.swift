import HyperTuneSearchSpace

/// How a sampler wants the next trial to start.
public enum TrialPlan: Sendable, Hashable {
    /// Start a new trial with these attributes and claim.
    case start(NewTrial)
    /// Start no new trial: the sampler has nothing left to try. Enqueued trials still run.
    case stop(reason: String)
}
