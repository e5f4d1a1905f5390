import HyperTuneSearchSpace

/// How a sampler wants the next trial to start.
public enum TrialPlan: Sendable, Hashable {
    /// Start a new trial with these attributes and claim.
    case start(NewTrial)
    /// Start no new trial: the sampler has nothing left to try. Enqueued trials still run.
    case stop(reason: String)
    /// Start no new trial yet: what the sampler could propose depends on trials still running
    /// (``BruteForceSampler`` exploring a conditional space, say). `Study.optimize` starts an
    /// enqueued trial if there is one, else waits until the study changes and plans again;
    /// `Study.ask` starts a trial anyway, with nothing attached.
    case wait(reason: String)
}
