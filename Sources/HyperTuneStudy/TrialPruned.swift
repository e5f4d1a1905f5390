import HyperTuneCore

/// Thrown by an objective to say its trial should stop here, usually after `shouldPrune()` said so.
///
/// ```swift
/// if try await trial.shouldPrune() { throw TrialPruned() }
/// ```
///
/// The trial is recorded as pruned, keeping its intermediate values; its value is the last one
/// reported (when there is one).
public struct TrialPruned: Error, Sendable, Hashable, CustomStringConvertible {
    /// Why, if the objective wants to say.
    public var reason: String?

    /// Creates the signal.
    public init(_ reason: String? = nil) { self.reason = reason }

    /// `"trial pruned"`, with the reason when given.
    public var description: String { reason.map { "trial pruned: \($0)" } ?? "trial pruned" }
}
