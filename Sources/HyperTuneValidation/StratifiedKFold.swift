import HyperTuneCore

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
