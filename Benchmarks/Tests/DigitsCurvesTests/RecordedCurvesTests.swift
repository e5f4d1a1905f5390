import BenchmarkDigitsModel
import HyperTuneProblems
import Testing

/// The committed Benchmarks/problems/digits-curves.json against the model that recorded it
/// (`digits-curves`, the digits example's MLP).
@Suite("The recorded digits learning curves")
struct RecordedCurvesTests {
    @Test("the committed table's smallest run is what the model trains, count for count")
    func reproduces() throws {
        let table = try DigitsLearningCurves.loadCommitted()
        // The cheapest run to retrain in a debug build: the fewest hidden units.
        let run = try #require(table.runs.min { ($0.width * $0.depth, $0.index) < ($1.width * $1.depth, $1.index) })
        let data = DigitsData(try DigitsDataset.loadCommitted(), seed: table.about.dataSeed)
        #expect(data.validation.count == table.validationImages)
        #expect(data.test.count == table.testImages)
        let configuration = TrainingConfiguration(
            learningRate: run.learningRate, l2: run.l2, width: run.width, depth: run.depth,
            activation: try #require(TrainingConfiguration.Activation(rawValue: run.activation)),
            optimizer: try #require(TrainingConfiguration.Optimizer(rawValue: run.optimizer)))
        let model = MLPClassifier(configuration: configuration, training: data.train, seed: table.about.trainingSeed)
        func correct(_ part: DigitsDataset) -> Int { zip(model.predictions(on: part), part.labels).filter { $0 == $1 }.count }
        var counts: [Int] = []
        for _ in 0..<table.epochs {
            model.trainEpoch()
            counts.append(correct(data.validation))
        }
        #expect(counts == run.validationCorrect, "run \(run.index): \(configuration)")
        #expect(correct(data.test) == run.testCorrect)
    }
}
