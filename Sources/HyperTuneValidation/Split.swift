import HyperTuneCore

/// One train/validation split of `count` items, as indices into the caller's data.
public struct Split: Sendable, Hashable {
    /// The indices to train on, ascending.
    public var train: [Int]
    /// The indices to validate on, ascending.
    public var validation: [Int]

    /// Creates a split.
    public init(train: [Int], validation: [Int]) {
        self.train = train
        self.validation = validation
    }
}
