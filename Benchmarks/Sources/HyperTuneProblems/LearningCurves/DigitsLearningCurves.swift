import Foundation
import HyperTuneCore
public import HyperTuneSearchSpace

/// Learning curves of a real model: the digits example's multilayer perceptron (`Examples/DigitsModel`)
/// trained on the UCI optical digits for a fixed, seeded set of configurations, its validation
/// accuracy recorded after every epoch.
///
/// The committed table, `Benchmarks/problems/digits-curves.json` (``repositoryPath``), is written
/// by `swift run -c release --package-path Benchmarks digits-curves` (`Benchmarks/Sources/digits-curves`), which says in ``about`` how
/// it was produced: the seeds, the model, the dataset and its licence. The model is deterministic,
/// so the same command writes the same file, bit for bit.
///
/// The table stores counts of correctly classified images, not accuracies, so that both
/// implementations derive the same doubles: the value of run `r` after epoch `e` is its validation
/// error `(validationImages - r.validationCorrect[e]) / validationImages`, to be minimized.
/// ``LearningCurveFamily/digits(_:)`` replays the table as a family.
public struct DigitsLearningCurves: Sendable, Hashable, Codable {
    /// The format of the file: ``formatName``.
    public var format: String
    /// How the table was produced.
    public var about: About
    /// The epochs of every run: each run has this many validation counts.
    public var epochs: Int
    /// The images the model was trained on.
    public var trainingImages: Int
    /// The images accuracy is measured on after each epoch.
    public var validationImages: Int
    /// The held-out images scored once, after the last epoch.
    public var testImages: Int
    /// The runs; run `i` is `runs[i]` (its ``Run/index`` is `i`).
    public var runs: [Run]

    /// The value of ``format`` this version reads and writes.
    public static let formatName = "hypertune-digits-curves-1"

    /// The path of the committed table relative to the repository's root.
    public static let repositoryPath = "Benchmarks/problems/digits-curves.json"

    /// How a table was produced, in words and seeds.
    public struct About: Sendable, Hashable, Codable {
        /// What the file is.
        public var description: String
        /// The command that wrote it.
        public var command: String
        /// The model and how it was trained.
        public var model: String
        /// The dataset, its source and the split.
        public var dataset: String
        /// The dataset's licence and attribution.
        public var licence: String
        /// How the configurations were drawn.
        public var configurations: String
        /// What each run records.
        public var values: String
        /// The seed of the configuration draws.
        public var configurationSeed: UInt64
        /// The seed of the stratified split into training, validation and test images.
        public var dataSeed: UInt64
        /// The seed of every run's initial weights and shuffles.
        public var trainingSeed: UInt64

        /// Creates a description.
        public init(
            description: String, command: String, model: String, dataset: String, licence: String, configurations: String,
            values: String, configurationSeed: UInt64, dataSeed: UInt64, trainingSeed: UInt64
        ) {
            self.description = description
            self.command = command
            self.model = model
            self.dataset = dataset
            self.licence = licence
            self.configurations = configurations
            self.values = values
            self.configurationSeed = configurationSeed
            self.dataSeed = dataSeed
            self.trainingSeed = trainingSeed
        }
    }

    /// One training run: a configuration of the example's search space and its record.
    public struct Run: Sendable, Hashable, Codable {
        /// The run's position in the table.
        public var index: Int
        /// The step size.
        public var learningRate: Double
        /// The L2 penalty.
        public var l2: Double
        /// Units per hidden layer.
        public var width: Int
        /// Hidden layers.
        public var depth: Int
        /// `relu` or `tanh`.
        public var activation: String
        /// `sgd`, `momentum` or `adam`.
        public var optimizer: String
        /// Validation images classified correctly after each epoch.
        public var validationCorrect: [Int]
        /// Test images classified correctly after the last epoch.
        public var testCorrect: Int

        /// Creates a run.
        public init(
            index: Int, learningRate: Double, l2: Double, width: Int, depth: Int, activation: String, optimizer: String,
            validationCorrect: [Int], testCorrect: Int
        ) {
            self.index = index
            self.learningRate = learningRate
            self.l2 = l2
            self.width = width
            self.depth = depth
            self.activation = activation
            self.optimizer = optimizer
            self.validationCorrect = validationCorrect
            self.testCorrect = testCorrect
        }

        /// The configuration as trial parameters, named as ``DigitsLearningCurves/searchSpace`` names them.
        public var parameters: [String: ParameterValue] {
            [
                "learning_rate": .float(learningRate), "l2": .float(l2), "width": .int(width), "depth": .int(depth),
                "activation": .string(activation), "optimizer": .string(optimizer),
            ]
        }
    }

    /// Creates a table.
    public init(
        about: About, epochs: Int, trainingImages: Int, validationImages: Int, testImages: Int, runs: [Run]
    ) {
        self.format = Self.formatName
        self.about = about
        self.epochs = epochs
        self.trainingImages = trainingImages
        self.validationImages = validationImages
        self.testImages = testImages
        self.runs = runs
    }

    // MARK: The search space

    /// The digits example's search space (`Examples/Digits/main.swift`): `learning_rate` in
    /// [1e-4, 0.5] and `l2` in [1e-6, 0.1] (log-scaled floats), `width` in 16 ... 128 (log-scaled
    /// integer), `depth` in 1 ... 2, `activation` in {relu, tanh}, `optimizer` in {sgd, momentum, adam}.
    public static let searchSpace = SearchSpace([
        "learning_rate": .float(try! FloatDistribution(1e-4...0.5, log: true)),
        "l2": .float(try! FloatDistribution(1e-6...1e-1, log: true)),
        "width": .int(try! IntDistribution(16...128, log: true)),
        "depth": .int(try! IntDistribution(1...2)),
        "activation": .categorical(try! CategoricalDistribution(activations.map(\.parameterValue))),
        "optimizer": .categorical(try! CategoricalDistribution(optimizers.map(\.parameterValue))),
    ])

    /// The activations of the search space, in order.
    public static let activations = ["relu", "tanh"]
    /// The optimizers of the search space, in order.
    public static let optimizers = ["sgd", "momentum", "adam"]

    // MARK: Values

    /// Run `index`'s validation error after each epoch and its final validation error.
    ///
    /// - Complexity: O(``epochs``).
    public func curve(_ index: Int) -> LearningCurve {
        let run = runs[index]
        let images = Double(validationImages)
        let values = run.validationCorrect.map { Double(validationImages - $0) / images }
        return LearningCurve(values: values, finalValue: values[values.count - 1], parameters: run.parameters)
    }

    /// The lowest final validation error of the table.
    ///
    /// - Complexity: O(runs).
    public var bestFinalError: Double {
        let best = runs.map { $0.validationCorrect[$0.validationCorrect.count - 1] }.max() ?? 0
        return Double(validationImages - best) / Double(validationImages)
    }

    /// Xor-ed into the run's seed before drawing a run index ("digitcrv").
    public static let indexSalt: UInt64 = 0x6469_6769_7463_7276

    /// The run trial `trial` of a run with `seed` replays under the family's own random search:
    /// `SeededGenerator(seed: seed ^ indexSalt, stream: trial).nextInt(below: runs.count)` (uniform,
    /// with replacement).
    ///
    /// - Complexity: O(1).
    public func index(seed: Int, trial: Int) -> Int {
        var generator = SeededGenerator(seed: UInt64(bitPattern: Int64(seed)) ^ Self.indexSalt, stream: UInt64(trial))
        return generator.nextInt(below: runs.count)
    }

    /// The run nearest to a configuration a sampler proposed: among the runs with the same depth,
    /// activation and optimizer, the one nearest in (log learning rate, log L2, log width), each
    /// scaled by the width of its range in the search space; a run that differs in k of the three
    /// discrete choices counts k · 4 more (more than any scaled distance, 3), so a match always wins.
    /// Ties go to the lower index.
    ///
    /// - Complexity: O(runs).
    public func nearestRun(
        learningRate: Double, l2: Double, width: Int, depth: Int, activation: String, optimizer: String
    ) -> Int {
        let rateScale = log(0.5 / 1e-4)
        let l2Scale = log(1e-1 / 1e-6)
        let widthScale = log(128.0 / 16.0)
        var best = 0
        var bestDistance = Double.infinity
        for (index, run) in runs.enumerated() {
            let a = (log(run.learningRate) - log(learningRate)) / rateScale
            let b = (log(run.l2) - log(l2)) / l2Scale
            let c = (log(Double(run.width)) - log(Double(width))) / widthScale
            var mismatches = 0
            if run.depth != depth { mismatches += 1 }
            if run.activation != activation { mismatches += 1 }
            if run.optimizer != optimizer { mismatches += 1 }
            let distance = a * a + b * b + c * c + 4 * Double(mismatches)
            if distance < bestDistance {
                best = index
                bestDistance = distance
            }
        }
        return best
    }

    // MARK: Files

    /// Checks the table: the format, at least one run, runs numbered by position, `epochs` counts
    /// per run, every count within its set, and configurations inside the search space.
    ///
    /// - Throws: ``ProblemError`` `invalidData` naming the first run and field that is wrong.
    /// - Complexity: O(runs · epochs).
    public func validate() throws(ProblemError) {
        func fail(_ detail: String) -> ProblemError { ProblemError(.invalidData, problem: "digits", detail: detail) }
        guard format == Self.formatName else { throw fail("format \"\(format)\", expected \"\(Self.formatName)\"") }
        guard epochs > 0, validationImages > 0, testImages > 0, !runs.isEmpty else {
            throw fail(
                "needs epochs, validation and test images and runs, got \(epochs), \(validationImages), \(testImages), \(runs.count)")
        }
        for (position, run) in runs.enumerated() {
            guard run.index == position else { throw fail("run at position \(position) has index \(run.index)") }
            guard run.validationCorrect.count == epochs else {
                throw fail("run \(position) has \(run.validationCorrect.count) validation counts, expected \(epochs)")
            }
            guard run.validationCorrect.allSatisfy({ (0...validationImages).contains($0) }), (0...testImages).contains(run.testCorrect)
            else {
                throw fail("run \(position) has a count outside 0...\(validationImages) (validation) or 0...\(testImages) (test)")
            }
            for (name, value) in run.parameters.sorted(by: { $0.key < $1.key }) {
                guard let distribution = Self.searchSpace[name], (try? distribution.internalValue(of: value)) != nil else {
                    throw fail("run \(position): \(name) = \(value) is outside the search space")
                }
            }
        }
    }

    /// Reads and validates a table.
    ///
    /// - Throws: ``ProblemError`` `invalidData` when the file cannot be read or decoded, or fails ``validate()``.
    /// - Complexity: O(file size).
    public static func load(from path: String) throws(ProblemError) -> DigitsLearningCurves {
        let curves: DigitsLearningCurves
        do {
            curves = try JSONDecoder().decode(DigitsLearningCurves.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw ProblemError(.invalidData, problem: "digits", detail: "\(path): \(error)")
        }
        try curves.validate()
        return curves
    }

    /// Reads the committed table: ``repositoryPath`` under the current directory if it exists there,
    /// else under the repository this file was compiled in.
    ///
    /// - Throws: as ``load(from:)``.
    /// - Complexity: O(file size).
    public static func loadCommitted() throws(ProblemError) -> DigitsLearningCurves {
        try load(from: CommittedFile.path(repositoryPath))
    }
}
