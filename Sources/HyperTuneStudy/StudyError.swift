import HyperTuneCore

/// A study operation was used wrongly, or cannot go on.
public struct StudyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Hashable {
        /// `create` found a study with that name and `loadIfExists` was false.
        case studyExists
        /// `load` found no study with that name.
        case studyNotFound
        /// The study in storage has other directions than the ones asked for.
        case directionMismatch
        /// A best trial was asked for and no trial has completed.
        case noCompletedTrials
        /// A single-objective accessor was used on a multi-objective study (or the reverse).
        case wrongObjectiveCount
        /// The trial is finished: it cannot be suggested into, reported to, or told again.
        case trialFinished
        /// The trial handle belongs to another study.
        case foreignTrial
        /// A step was negative.
        case invalidStep
        /// An argument was out of its range (`nTrials < 0`, `concurrency < 1`, a name that is empty, ...).
        case invalidArgument
        /// The sampler has nothing left to try (every point of a grid is taken) and no trial is enqueued.
        case samplerExhausted
    }

    /// What went wrong.
    public var kind: Kind
    /// The details: the study, trial, value or argument concerned.
    public var detail: String

    /// Creates an error.
    public init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    /// The detail.
    public var description: String { detail }
}
