import HyperTuneCore

/// K-fold cross-validation: the items are divided into `folds` groups whose sizes differ by at
/// most one; each split validates on one group and trains on the others. Every index is in
/// exactly one validation group.
///
/// ```swift
/// let splits = try KFold(folds: 5, seed: 7).splits(count: data.count)
/// ```
///
/// With `shuffle` (the default), the items are permuted by ``HyperTuneCore/SeededGenerator`` first, so the same
/// seed gives the same folds on every platform; without it, fold *i* holds a contiguous block.
public struct KFold: Sendable, Hashable {
    /// The number of folds, at least 2.
    public let folds: Int
    /// Whether items are shuffled before they are divided.
    public let shuffle: Bool
    /// The seed of the shuffle.
    public let seed: UInt64

    /// Creates a splitter.
    ///
    /// - Throws: ``ValidationError`` when `folds < 2`.
    public init(folds: Int = 5, shuffle: Bool = true, seed: Int = 0) throws(ValidationError) {
        guard folds >= 2 else { throw ValidationError(parameter: "folds", detail: "needs at least 2 folds, got \(folds)") }
        self.folds = folds
        self.shuffle = shuffle
        self.seed = UInt64(bitPattern: Int64(seed))
    }

    /// The `folds` splits of `count` items.
    ///
    /// - Throws: ``ValidationError`` when `count < folds`.
    /// - Complexity: O(folds × count).
    public func splits(count: Int) throws(ValidationError) -> [Split] {
        guard count >= folds else {
            throw ValidationError(parameter: "count", detail: "\(folds) folds need at least \(folds) items, got \(count)")
        }
        var order = Array(0..<count)
        if shuffle {
            var generator = SeededGenerator(seed: seed)
            generator.shuffle(&order)
        }
        var assignment = [Int](repeating: 0, count: count)
        var start = 0
        for fold in 0..<folds {
            let size = count / folds + (fold < count % folds ? 1 : 0)
            for position in start..<(start + size) { assignment[order[position]] = fold }
            start += size
        }
        return Self.splits(assignment: assignment, folds: folds)
    }

    /// Splits from a fold number per item.
    static func splits(assignment: [Int], folds: Int) -> [Split] {
        (0..<folds).map { fold in
            var split = Split(train: [], validation: [])
            for (index, group) in assignment.enumerated() {
                if group == fold { split.validation.append(index) } else { split.train.append(index) }
            }
            return split
        }
    }
}
