// swift-format-ignore-file
// (the guides show these regions verbatim, with their comments aligned)
import DigitsModel
import Foundation
import HyperTune
import Testing

// Samples of Docs/ExperimentsAsTests.md. Each sample is itself a test of this target.

// snippet: experiments/objective
/// Tunes a small multilayer perceptron on 600 of the digits: validation accuracy after 5 epochs,
/// reported after each epoch so the pruner can stop bad configurations.
func tuneDigits(seed: Int, trials: Int = 16) async throws -> Study {
    let dataset = try DigitsDataset.loadCommitted()
    let data = DigitsData(dataset.subset(Array(0..<600)), seed: 1)
    let study = try await Study.create(
        direction: .maximize, sampler: TPESampler(seed: seed), pruner: MedianPruner(startupTrials: 4, warmupSteps: 1))
    try await study.optimize(nTrials: trials) { trial in
        let configuration = TrainingConfiguration(
            learningRate: try trial.suggestFloat("lr", in: 1e-3...0.5, log: true),
            l2: try trial.suggestFloat("l2", in: 1e-6...1e-2, log: true),
            width: try trial.suggestInt("width", in: 8...32, log: true))
        let model = MLPClassifier(configuration: configuration, training: data.train, seed: 1)
        var accuracy = 0.0
        for epoch in 0..<5 {
            model.trainEpoch()
            accuracy = model.accuracy(on: data.validation)
            try await trial.report(accuracy, step: epoch)
            if epoch < 4, try await trial.shouldPrune() { throw TrialPruned() }
        }
        return accuracy
    }
    return study
}
// end-snippet

@Suite("Experiments as tests")
struct ExperimentSnippets {
    // snippet: experiments/assert-best
    @Test("tuning the digits model clears 90% validation accuracy")
    func tunedModelClearsTheBar() async throws {
        let study = try await tuneDigits(seed: 7)
        let best = try await study.bestValue
        let summary = try await study.summary(top: 5)  // in the failure message: what the study found
        #expect(best >= 0.90, "\(summary)")
    }
    // end-snippet

    // snippet: experiments/deterministic
    @Test("the same seed gives the same trials, run after run")
    func deterministic() async throws {
        func outcome(_ study: Study) async throws -> [TrialRecord] {
            try await study.trials.map { trial in
                var trial = trial
                (trial.startDate, trial.endDate) = (nil, nil)  // everything but the clock
                return trial
            }
        }
        let first = try await outcome(tuneDigits(seed: 7))
        let second = try await outcome(tuneDigits(seed: 7))
        #expect(first == second)
    }
    // end-snippet

    // snippet: experiments/parameterized
    @Test("every sampler beats chance on the digits", arguments: ["random", "tpe"])
    func samplers(_ name: String) async throws {
        let sampler: any Sampler = name == "tpe" ? TPESampler(seed: 3) : RandomSampler(seed: 3)
        let study = try await Study.create(direction: .minimize, sampler: sampler, pruner: NopPruner())
        try await study.optimize(nTrials: 30) { trial in
            let x = try trial.suggestFloat("x", in: -5...5)
            return x * x
        }
        #expect(try await study.bestValue < 0.5)
    }
    // end-snippet

    @Test("a golden configuration scores as recorded")
    func golden() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("golden-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        // snippet: experiments/golden-save
        let study = try await tuneDigits(seed: 7)
        try await study.bestParameterSet.jsonData().write(to: file)
        // end-snippet

        // snippet: experiments/golden-load
        let golden = try ParameterSet(json: Data(contentsOf: file))
        let check = try await Study.create(direction: .maximize, sampler: RandomSampler(seed: 0), pruner: NopPruner())
        try await check.enqueueTrial(golden)
        // ... optimize(nTrials: 1) with the same objective, then compare its value with the recorded one
        // end-snippet
        #expect(golden.values.keys.sorted() == ["l2", "lr", "width"])

        // snippet: experiments/export
        let json = try await study.exportJSON()      // every trial, exactly
        let csv = try await study.exportCSV()        // one row per trial, for a spreadsheet or pandas
        let restored = try StudyExport(json: json)   // a malformed file is an ExportError naming the field
        // end-snippet
        #expect(restored.trials.count == 16 && csv.split(separator: "\n").count == 17)
    }

    @Test("cross-validation stops a configuration after a bad fold")
    func crossValidation() async throws {
        let dataset = try DigitsDataset.loadCommitted().subset(Array(0..<500))
        // snippet: experiments/cross-validation
        let splits = try StratifiedKFold(folds: 5, seed: 1).splits(labels: dataset.labels)
        let study = try await Study.create(
            direction: .maximize, sampler: TPESampler(seed: 2), pruner: MedianPruner(startupTrials: 3))
        try await study.optimize(nTrials: 12) { trial in
            let configuration = TrainingConfiguration(
                learningRate: try trial.suggestFloat("lr", in: 1e-4...0.5, log: true),
                width: try trial.suggestInt("width", in: 8...32, log: true))
            return try await trial.crossValidate(splits) { split, _ in
                let train = dataset.subset(split.train)
                let standardization = Standardization(fitting: train)
                let model = MLPClassifier(
                    configuration: configuration, training: train.standardized(by: standardization), seed: 1)
                for _ in 0..<3 { model.trainEpoch() }
                return model.accuracy(on: dataset.subset(split.validation).standardized(by: standardization))
            }
        }
        // end-snippet
        let trials = try await study.trials
        #expect(trials.allSatisfy { ($0.userAttributes["cv_scores"]?.arrayValue?.count ?? 0) >= 1 })
        #expect(trials.contains { $0.state == .complete && $0.userAttributes["cv_scores"]?.arrayValue?.count == 5 })
        #expect(trials.contains { $0.state == .pruned && ($0.userAttributes["cv_scores"]?.arrayValue?.count ?? 5) < 5 })
    }
}
