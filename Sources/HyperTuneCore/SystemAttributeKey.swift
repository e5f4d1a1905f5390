/// The system attributes HyperTune itself writes on trials, one case per key.
///
/// The raw values are part of the storage format: journals and exports already written use them,
/// so they never change. Read an attribute with the typed subscript:
///
/// ```swift
/// let reason = trial.systemAttributes[.failReason]?.stringValue
/// ```
public enum SystemAttributeKey: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The joint (relative) sample the driver recorded when the trial started: an object of
    /// internal values by parameter name (see ``TrialRecord/relativeParams``).
    case relativeParams = "relative_params"
    /// Why a failed trial failed: the error's description, a NaN or infinite value, a cancellation
    /// or a lost heartbeat.
    case failReason = "fail_reason"
    /// The type of the error that failed a trial (`String(reflecting:)` of it).
    case failErrorType = "fail_error_type"
    /// On a trial enqueued again for a stale one: the number of the trial it retries.
    case retriedFrom = "retried_from"
    /// `GridSampler`: the index of the trial's grid point.
    case gridID = "grid_id"
    /// `GridSampler`: the fingerprint of the grid the point belongs to.
    case gridFingerprint = "grid_fingerprint"
    /// `BruteForceSampler`: the point a trial claimed when it started, an object of internal values
    /// by parameter name.
    case bruteForcePoint = "brute_force_point"
    /// On a trial `optimize(..., heartbeatInterval:)` started: the interval in seconds. Such a
    /// trial is stale once the grace period after its start passes without a heartbeat.
    case heartbeatInterval = "heartbeat_interval"

    /// The key as stored.
    public var description: String { rawValue }
}

extension Dictionary where Key == String {
    /// The value under a system attribute key.
    ///
    /// - Complexity: O(1) on average, as the string subscript.
    public subscript(key: SystemAttributeKey) -> Value? {
        get { self[key.rawValue] }
        set { self[key.rawValue] = newValue }
    }

    /// Attributes under system attribute keys.
    ///
    /// - Precondition: no key appears twice.
    public init(system attributes: KeyValuePairs<SystemAttributeKey, Value>) {
        self.init(uniqueKeysWithValues: attributes.map { ($0.key.rawValue, $0.value) })
    }
}
