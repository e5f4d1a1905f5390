// Records the learning curves of the digits example's model for the pruner benchmark
// (Benchmarks/problems/digits-curves.json; see HyperTuneProblems' DigitsLearningCurves and
// Docs/Benchmarks.md, "Pruners on learning curves"):
//
//     swift run -c release --package-path Benchmarks digits-curves [--runs 600] [--epochs 20] [--seed 0] [--data-seed 42]
//         [--training-seed 42] [--jobs 2] [--output PATH]
//
// Run i's configuration is drawn from stream i of SeededGenerator(seed: --seed), uniformly over the
// digits example's search space (log-uniform learning rate, L2 and width). Every run trains the
// example's MLP on the same stratified split with the same training seed and records how many
// validation images it classifies correctly after each epoch, and how many test images after the
// last. The model is deterministic: the same options write the same file, bit for bit, whatever
// --jobs is.

import BenchmarkDigitsModel
import Foundation
import HyperTune
import HyperTuneProblems

struct Options {
    var runs = 600
    var epochs = 20
    var seed: UInt64 = 0
    var dataSeed: UInt64 = 42
    var trainingSeed: UInt64 = 42
    var jobs = 2
    var output = DigitsLearningCurves.repositoryPath

    static let usage = """
        usage: digits-curves [--runs N] [--epochs N] [--seed N] [--data-seed N] [--training-seed N] [--jobs N] [--output PATH]
        """

    init(_ arguments: [String]) throws {
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            guard let text = rest.popFirst() else { throw UsageError("\(flag) needs a value") }
            if flag == "--output" {
                output = text
                continue
            }
            guard let number = Int(text), number >= 0 else { throw UsageError("\(flag) needs a non-negative integer, got \"\(text)\"") }
            switch flag {
            case "--runs": runs = number
            case "--epochs": epochs = number
            case "--seed": seed = UInt64(number)
            case "--data-seed": dataSeed = UInt64(number)
            case "--training-seed": trainingSeed = UInt64(number)
            case "--jobs": jobs = max(1, number)
            default: throw UsageError("unknown option \(flag)")
            }
        }
        guard runs > 0, epochs > 0 else { throw UsageError("--runs and --epochs must be positive") }
    }

    /// The command line that writes the same file (`--jobs` does not change it).
    var command: String {
        "swift run -c release --package-path Benchmarks digits-curves --runs \(runs) --epochs \(epochs) --seed \(seed) --data-seed \(dataSeed) "
            + "--training-seed \(trainingSeed) --output \(output)"
    }
}

struct UsageError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Run `index`'s configuration: from stream `index` of `SeededGenerator(seed: seed)`, in order,
/// the learning rate and the L2 penalty log-uniform on their ranges, the width log-uniform on
/// [15.5, 128.5] rounded to the nearest integer, then depth, activation and optimizer uniform.
/// A log-uniform draw is `RandomSampler`'s of a log-scaled float range (one word of the generator;
/// HyperTune's own logarithm and exponential), so the draws are the same on every platform.
func configuration(seed: UInt64, index: Int) -> TrainingConfiguration {
    var generator = SeededGenerator(seed: seed, stream: UInt64(index))
    let sampler = RandomSampler(seed: 0)
    let study = StudySnapshot(studyName: "digits-curves", directions: [.minimize], trials: [])
    let trial = TrialRecord(number: index, state: .running)
    func logUniform(_ low: Double, _ high: Double) -> Double {
        let range = Distribution.float(try! FloatDistribution(low...high, log: true))
        return try! sampler.sampleIndependent(in: study, for: trial, name: "x", distribution: range, using: &generator)
    }
    let learningRate = logUniform(1e-4, 0.5)
    let l2 = logUniform(1e-6, 1e-1)
    let width = min(128, max(16, Int(logUniform(15.5, 128.5).rounded())))
    let depth = generator.nextInt(in: 1...2)
    let activation = DigitsLearningCurves.activations[generator.nextInt(below: DigitsLearningCurves.activations.count)]
    let optimizer = DigitsLearningCurves.optimizers[generator.nextInt(below: DigitsLearningCurves.optimizers.count)]
    return TrainingConfiguration(
        learningRate: learningRate, l2: l2, width: width, depth: depth,
        activation: TrainingConfiguration.Activation(rawValue: activation)!,
        optimizer: TrainingConfiguration.Optimizer(rawValue: optimizer)!)
}

/// Trains run `index` and records its validation counts after every epoch and its test count.
func record(index: Int, options: Options, data: DigitsData) -> DigitsLearningCurves.Run {
    let configuration = configuration(seed: options.seed, index: index)
    let model = MLPClassifier(configuration: configuration, training: data.train, seed: options.trainingSeed)
    func correct(on part: DigitsDataset) -> Int {
        zip(model.predictions(on: part), part.labels).reduce(0) { $0 + ($1.0 == $1.1 ? 1 : 0) }
    }
    var validationCorrect: [Int] = []
    for _ in 0..<options.epochs {
        model.trainEpoch()
        validationCorrect.append(correct(on: data.validation))
    }
    return DigitsLearningCurves.Run(
        index: index, learningRate: configuration.learningRate, l2: configuration.l2, width: configuration.width,
        depth: configuration.depth, activation: configuration.activation.rawValue, optimizer: configuration.optimizer.rawValue,
        validationCorrect: validationCorrect, testCorrect: correct(on: data.test))
}

/// The committed layout: the header pretty-printed with sorted keys, then one run per line.
func encoded(_ curves: DigitsLearningCurves) throws -> Data {
    let pretty = JSONEncoder()
    pretty.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let compact = JSONEncoder()
    compact.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    var header = curves
    header.runs = []
    var text = String(decoding: try pretty.encode(header), as: UTF8.self)
    let runs = try curves.runs.map { String(decoding: try compact.encode($0), as: UTF8.self) }
    guard let key = text.range(of: "\"runs\""), let close = text[key.upperBound...].firstIndex(of: "]") else {
        throw UsageError("unexpected JSON layout")
    }
    text.replaceSubrange(key.lowerBound...close, with: "\"runs\" : [\n    " + runs.joined(separator: ",\n    ") + "\n  ]")
    return Data((text + "\n").utf8)
}

let options: Options
do {
    options = try Options(Array(CommandLine.arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(Data("digits-curves: \(error)\n\(Options.usage)\n".utf8))
    exit(2)
}
let dataset = try DigitsDataset.loadCommitted()
let data = DigitsData(dataset, seed: options.dataSeed)
let clock = ContinuousClock()
let start = clock.now

var runs = [DigitsLearningCurves.Run?](repeating: nil, count: options.runs)
await withTaskGroup(of: DigitsLearningCurves.Run.self) { group in
    var next = 0
    func submit() {
        let index = next
        next += 1
        group.addTask { record(index: index, options: options, data: data) }
    }
    while next < min(options.jobs, options.runs) { submit() }
    var done = 0
    for await run in group {
        runs[run.index] = run
        done += 1
        if done % 25 == 0 || done == options.runs {
            FileHandle.standardError.write(Data("\(done)/\(options.runs) runs, \(clock.now - start)\n".utf8))
        }
        if next < options.runs { submit() }
    }
}

let curves = DigitsLearningCurves(
    about: DigitsLearningCurves.About(
        description:
            "Learning curves of the HyperTune digits example's model for the pruner benchmark: \(options.runs) configurations "
            + "drawn from the example's search space, each trained for \(options.epochs) epochs.",
        command: options.command,
        model:
            "MLPClassifier (Examples/DigitsModel): fully connected hidden layers, softmax cross-entropy plus L2 on the weights, "
            + "mini-batches of 32, He/Glorot-uniform initial weights and per-epoch shuffles from SeededGenerator(seed: trainingSeed); "
            + "deterministic, bit for bit.",
        dataset:
            "UCI Optical Recognition of Handwritten Digits, test part (Alpaydin and Kaynak, 1998; 1,797 8x8 images, "
            + "Examples/Data/digits/digits.csv), split by DigitsData(seed: dataSeed): stratified 60% training, 20% validation, "
            + "20% test, standardized by the training part.",
        licence:
            "CC BY 4.0. Alpaydin, E. and Kaynak, C. (1998). Optical Recognition of Handwritten Digits [Dataset]. "
            + "UCI Machine Learning Repository. https://doi.org/10.24432/C50P49",
        configurations:
            "Run i: stream i of SeededGenerator(seed: configurationSeed); learning rate log-uniform on [1e-4, 0.5], "
            + "then L2 log-uniform on [1e-6, 0.1], then width log-uniform on [15.5, 128.5] rounded, then depth 1...2, "
            + "activation [relu, tanh] and optimizer [sgd, momentum, adam] uniform (nextInt).",
        values:
            "validationCorrect[e]: validation images classified correctly after epoch e + 1; testCorrect: test images "
            + "classified correctly after the last epoch. The benchmark's value is the validation error "
            + "(validationImages - validationCorrect[e]) / validationImages.",
        configurationSeed: options.seed, dataSeed: options.dataSeed, trainingSeed: options.trainingSeed),
    epochs: options.epochs, trainingImages: data.train.count, validationImages: data.validation.count,
    testImages: data.test.count, runs: runs.map { $0! })
try curves.validate()
let url = URL(fileURLWithPath: options.output)
try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
try encoded(curves).write(to: url)
FileHandle.standardError.write(Data("wrote \(options.output) (\(options.runs) runs, \(clock.now - start))\n".utf8))
