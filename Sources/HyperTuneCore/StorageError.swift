import HyperTuneSearchSpace

/// A storage operation failed.
public struct StorageError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure.
    public enum Kind: Sendable, Hashable {
        /// No study with that name or identifier.
        case studyNotFound
        /// A study with that name already exists.
        case studyExists
        /// No trial with that identifier.
        case trialNotFound
        /// The trial is already finished; finished trials are never written again.
        case trialFinished
        /// The update breaks a rule of ``TrialUpdate``.
        case invalidUpdate
        /// The storage's file is damaged (the detail names the file and line).
        case corrupt
        /// The storage was written by a newer, incompatible version of HyperTune.
        case unsupportedVersion
        /// Reading or writing the storage failed.
        case io
    }

    /// What kind of failure.
    public var kind: Kind
    /// What happened, naming the study, trial, file or line concerned.
    public var detail: String

    /// Creates an error.
    public init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    /// The detail.
    public var description: String { detail }
}
