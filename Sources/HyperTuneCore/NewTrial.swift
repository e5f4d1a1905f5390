import HyperTuneSearchSpace

/// What a new trial starts with, beyond its number and state.
public struct NewTrial: Sendable, Hashable, Codable {
    /// System attributes attached when the trial is created (a grid point's index, say).
    public var systemAttributes: [String: AttributeValue]
    /// A key no other trial of the study may hold. The storage refuses to create a second trial
    /// with the same claim, atomically across workers and processes, and the driver then plans
    /// again from a fresh snapshot. `GridSampler` claims its grid points this way.
    public var claim: String?

    /// Creates a description of a new trial.
    public init(systemAttributes: [String: AttributeValue] = [:], claim: String? = nil) {
        self.systemAttributes = systemAttributes
        self.claim = claim
    }
}
