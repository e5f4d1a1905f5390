/// The digits data ready for training: split, and standardized with statistics of the training part.
public struct DigitsData: Sendable {
    /// The training images.
    public let train: DigitsDataset
    /// The validation images.
    public let validation: DigitsDataset
    /// The test images.
    public let test: DigitsDataset
    /// The split the parts come from (indices into the full dataset).
    public let split: DigitsSplit

    /// Splits `dataset` (see ``DigitsSplit``) and standardizes every part by the training part's
    /// mean and deviation, so nothing about validation or test leaks into training.
    ///
    /// - Complexity: O(n d log n) for n images of d features.
    public init(_ dataset: DigitsDataset, validationFraction: Double = 0.2, testFraction: Double = 0.2, seed: UInt64) {
        let split = DigitsSplit(
            labels: dataset.labels, validationFraction: validationFraction, testFraction: testFraction, seed: seed)
        let rawTrain = dataset.subset(split.train)
        let standardization = Standardization(fitting: rawTrain)
        self.split = split
        self.train = rawTrain.standardized(by: standardization)
        self.validation = dataset.subset(split.validation).standardized(by: standardization)
        self.test = dataset.subset(split.test).standardized(by: standardization)
    }
}
