import HyperTuneCore

/// A seeded, stratified split of a dataset's images into training, validation and test sets.
///
/// Within each class the images are shuffled (Fisher-Yates with ``SeededGenerator``) and cut into
/// the three parts, so every part has (to rounding) the class proportions of the whole. The same
/// labels and seed always give the same split. Each part's indices are sorted.
public struct DigitsSplit: Sendable, Hashable {
    /// Indices of the training images.
    public let train: [Int]
    /// Indices of the validation images (what a study maximizes).
    public let validation: [Int]
    /// Indices of the test images (held out until the end).
    public let test: [Int]

    /// Splits images with `labels`.
    ///
    /// - Parameters:
    ///   - labels: the label of each image.
    ///   - validationFraction: the share of each class that goes to validation.
    ///   - testFraction: the share of each class that goes to test; the rest is training.
    ///   - seed: the shuffle's seed.
    /// - Precondition: both fractions are in [0, 1] and sum to at most 1.
    /// - Complexity: O(n log n) for n images (the final sort).
    public init(labels: [Int], validationFraction: Double = 0.2, testFraction: Double = 0.2, seed: UInt64) {
        precondition(
            validationFraction >= 0 && testFraction >= 0 && validationFraction + testFraction <= 1,
            "fractions must be in [0, 1] and sum to at most 1, got \(validationFraction) and \(testFraction)")
        let classCount = (labels.max() ?? -1) + 1
        var byClass = [[Int]](repeating: [], count: classCount)
        for (index, label) in labels.enumerated() { byClass[label].append(index) }
        var generator = SeededGenerator(seed: seed)
        var train: [Int] = []
        var validation: [Int] = []
        var test: [Int] = []
        for var members in byClass {
            generator.shuffle(&members)
            let testCount = Int((Double(members.count) * testFraction).rounded())
            let validationCount = Int((Double(members.count) * validationFraction).rounded())
            test += members.prefix(testCount)
            validation += members.dropFirst(testCount).prefix(validationCount)
            train += members.dropFirst(testCount + validationCount)
        }
        self.train = train.sorted()
        self.validation = validation.sorted()
        self.test = test.sorted()
    }
}
