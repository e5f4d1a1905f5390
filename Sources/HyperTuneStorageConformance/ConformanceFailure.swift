/// A broken contract found by a conformance check (``StorageConformance``, ``SamplerConformance``):
/// what was expected and what happened.
public struct ConformanceFailure: Error, Sendable, CustomStringConvertible {
    /// What broke.
    public let description: String

    /// A failure described by `description`.
    public init(_ description: String) { self.description = description }
}
