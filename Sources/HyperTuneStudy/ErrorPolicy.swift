import HyperTuneCore
import HyperTuneSearchSpace

/// Which errors thrown by an objective stop `optimize`. In every case the trial is recorded as
/// failed, with the error's description in its `fail_reason` system attribute; a stopping error
/// is rethrown by `optimize` once running trials have finished.
public struct ErrorPolicy: Sendable {
    /// Whether an error stops the study.
    public let stopsStudy: @Sendable (any Error) -> Bool

    /// A policy that stops on the errors `stopsStudy` accepts.
    public init(stopsStudy: @escaping @Sendable (any Error) -> Bool) {
        self.stopsStudy = stopsStudy
    }

    /// Fail the trial and go on, except for errors that mean the objective's definition or the
    /// sampler is broken (``HyperTuneSearchSpace/SearchSpaceError``, ``HyperTuneCore/SamplerError``,
    /// ``HyperTuneCore/SettingError``): every trial would fail the same way, so those stop.
    public static let `default` = ErrorPolicy { $0 is SearchSpaceError || $0 is SamplerError || $0 is SettingError }
    /// Fail the trial and go on, whatever the error.
    public static let continueOnAll = ErrorPolicy { _ in false }
    /// Stop at the first error.
    public static let stopOnAny = ErrorPolicy { _ in true }
    /// Stop on the errors `predicate` accepts; go on after the others.
    public static func stop(when predicate: @escaping @Sendable (any Error) -> Bool) -> ErrorPolicy {
        ErrorPolicy(stopsStudy: predicate)
    }
}
