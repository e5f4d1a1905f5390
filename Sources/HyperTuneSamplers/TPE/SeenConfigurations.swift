import HyperTuneCore
import HyperTuneNumerics

/// The configurations of a finite subspace already evaluated or under evaluation.
struct SeenConfigurations: Sendable {
    /// Keys of finished trials (see ``SubspaceRows/key(ofInternal:)``).
    var finished: Set<Int>
    /// Keys of running and waiting trials.
    var pending: Set<Int>
    /// The number of configurations of the subspace.
    var total: Int

    func contains(_ key: Int) -> Bool { finished.contains(key) || pending.contains(key) }

    var seenCount: Int { finished.count + pending.subtracting(finished).count }
}
