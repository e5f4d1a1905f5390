import DigitsModel
import Testing

@Suite("MLPClassifier")
struct MLPClassifierTests {
    /// A small standardized problem: 300 training and 200 validation images, fast in a debug build.
    static func smallProblem() throws -> (train: DigitsDataset, validation: DigitsDataset) {
        let data = DigitsData(try Fixture.dataset(), seed: 5)
        return (data.train.subset(Array(0..<300)), data.validation.subset(Array(0..<200)))
    }

    @Test(
        "a few epochs beat chance (10%) by a wide margin",
        arguments: [
            TrainingConfiguration(learningRate: 0.01, width: 16, optimizer: .adam),
            TrainingConfiguration(learningRate: 0.05, l2: 1e-4, width: 16, depth: 2, activation: .tanh, optimizer: .momentum),
            TrainingConfiguration(learningRate: 0.1, width: 16, optimizer: .sgd),
        ])
    func learns(configuration: TrainingConfiguration) throws {
        let (train, validation) = try Self.smallProblem()
        let model = MLPClassifier(configuration: configuration, training: train, seed: 1)
        let before = model.accuracy(on: validation)
        for _ in 0..<5 { model.trainEpoch() }
        let after = model.accuracy(on: validation)
        #expect(model.epochsTrained == 5)
        // Chance is 10%; 200 images give a standard error of about 2 points at that level, so
        // 70% cannot be luck. The untrained network is near chance.
        #expect(after > 0.7, "validation accuracy \(after) after 5 epochs of \(configuration)")
        #expect(before < 0.3, "untrained accuracy \(before)")
        #expect(model.accuracy(on: train) > 0.7)
    }

    @Test("the same configuration and seed give the same weights and predictions, bit for bit")
    func deterministic() throws {
        let (train, validation) = try Self.smallProblem()
        let configuration = TrainingConfiguration(learningRate: 0.01, l2: 1e-3, width: 12, depth: 2, activation: .tanh, optimizer: .adam)
        func run(seed: UInt64) -> (weights: [Double], predictions: [Int]) {
            let model = MLPClassifier(configuration: configuration, training: train, seed: seed)
            for _ in 0..<2 { model.trainEpoch() }
            return (model.parameterValues, model.predictions(on: validation))
        }
        let (first, second, other) = (run(seed: 9), run(seed: 9), run(seed: 10))
        #expect(first.weights.map(\.bitPattern) == second.weights.map(\.bitPattern))
        #expect(first.predictions == second.predictions)
        #expect(first.weights != other.weights)
    }

    @Test("the parameter count matches the architecture")
    func shape() throws {
        let (train, _) = try Self.smallProblem()
        let model = MLPClassifier(
            configuration: TrainingConfiguration(learningRate: 0.1, width: 7, depth: 2), training: train, seed: 0)
        #expect(model.parameterValues.count == (64 * 7 + 7) + (7 * 7 + 7) + (7 * 10 + 10))
    }

    @Test("a diverging learning rate leaves finite, near-chance accuracy instead of crashing")
    func divergence() throws {
        let (train, validation) = try Self.smallProblem()
        let model = MLPClassifier(
            configuration: TrainingConfiguration(learningRate: 1e6, width: 8, optimizer: .sgd), training: train, seed: 0)
        for _ in 0..<2 { model.trainEpoch() }
        let accuracy = model.accuracy(on: validation)
        #expect(accuracy >= 0 && accuracy <= 0.5)
    }
}
