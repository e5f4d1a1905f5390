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

/// A splitter was configured or used wrongly.
public struct ValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The argument concerned (`folds`, `count`, `labels`).
    public var parameter: String
    /// What is wrong, with the value.
    public var detail: String

    /// Creates an error.
    public init(parameter: String, detail: String) {
        self.parameter = parameter
        self.detail = detail
    }

    /// `PARAMETER: DETAIL`.
    public var description: String { "\(parameter): \(detail)" }
}

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

/// Stratified k-fold cross-validation: like ``KFold``, but each fold holds each class in the same
/// proportion as the whole data, to within one item per class; fold sizes differ by at most one.
///
/// The items of each class (classes in order of first appearance, items shuffled by the seed) are
/// dealt to the folds in turn, continuing from where the previous class stopped.
public struct StratifiedKFold: Sendable, Hashable {
    /// The fold count, shuffle and seed, as for ``KFold``.
    private let options: KFold

    /// The number of folds, at least 2.
    public var folds: Int { options.folds }
    /// Whether items are shuffled within their class before they are dealt.
    public var shuffle: Bool { options.shuffle }
    /// The seed of the shuffle.
    public var seed: UInt64 { options.seed }

    /// Creates a splitter.
    ///
    /// - Throws: ``ValidationError`` when `folds < 2`.
    public init(folds: Int = 5, shuffle: Bool = true, seed: Int = 0) throws(ValidationError) {
        options = try KFold(folds: folds, shuffle: shuffle, seed: seed)
    }

    /// The `folds` splits of items with these class labels (one label per item).
    ///
    /// - Throws: ``ValidationError`` when there are fewer items than folds.
    /// - Complexity: O(folds × count).
    public func splits<Label: Hashable>(labels: [Label]) throws(ValidationError) -> [Split] {
        guard labels.count >= folds else {
            throw ValidationError(parameter: "labels", detail: "\(folds) folds need at least \(folds) items, got \(labels.count)")
        }
        var classOf: [Label: Int] = [:]
        var members: [[Int]] = []
        for (index, label) in labels.enumerated() {
            if let known = classOf[label] {
                members[known].append(index)
            } else {
                classOf[label] = members.count
                members.append([index])
            }
        }
        var generator = SeededGenerator(seed: seed)
        var assignment = [Int](repeating: 0, count: labels.count)
        var cursor = 0
        for var group in members {
            if shuffle { generator.shuffle(&group) }
            for index in group {
                assignment[index] = cursor % folds
                cursor += 1
            }
        }
        return KFold.splits(assignment: assignment, folds: folds)
    }
}
