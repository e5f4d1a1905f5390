// swift-format-ignore-file
// (the guides show these regions verbatim, with their comments aligned)
import Foundation
import HyperTune

// Samples of Docs/GettingStarted.md. Each function holds one or more regions the guide shows.

/// A stand-in for a user's training code.
struct TinyModel {
    var learningRate: Double
    var layers: Int

    func trainOneEpoch(_ epoch: Int) -> Double {
        abs(Foundation.log10(learningRate) + 2.5) + Double(layers) * 0.01 + 1 / Double(epoch + 1)
    }
}

func gettingStartedFirstStudy() async throws -> TrialRecord {
    // snippet: getting-started/first-study
    let study = try await Study.create(name: "first", direction: .minimize)

    try await study.optimize(nTrials: 50) { trial in
        let lr = try trial.suggestFloat("lr", in: 1e-5...1e-1, log: true)
        let layers = try trial.suggestInt("layers", in: 1...4)
        let model = TinyModel(learningRate: lr, layers: layers)
        var loss = Double.infinity
        for epoch in 0..<10 {
            loss = model.trainOneEpoch(epoch)
        }
        return loss
    }
    // end-snippet

    // snippet: getting-started/results
    let best = try await study.bestTrial
    print("best loss \(best.value!) with \(best.params)")

    let trials = try await study.trials
    let pruned = trials.filter { $0.state == .pruned }.count
    print("\(trials.count) trials, \(pruned) pruned")

    print(try await study.summary(top: 3))
    // end-snippet
    return best
}

func gettingStartedPruning() async throws {
    let study = try await Study.create(direction: .minimize)
    // snippet: getting-started/pruning
    try await study.optimize(nTrials: 50) { trial in
        let lr = try trial.suggestFloat("lr", in: 1e-5...1e-1, log: true)
        let model = TinyModel(learningRate: lr, layers: 2)
        var loss = Double.infinity
        for epoch in 0..<10 {
            loss = model.trainOneEpoch(epoch)
            try await trial.report(loss, step: epoch)
            if try await trial.shouldPrune() { throw TrialPruned() }
        }
        return loss
    }
    // end-snippet
}

func gettingStartedChoices() async throws {
    // snippet: getting-started/choices
    let study = try await Study.create(
        name: "tuned",
        direction: .maximize,
        sampler: RandomSampler(seed: 42),
        pruner: NopPruner(),
        storage: InMemoryStorage()
    )
    // end-snippet
    _ = study
}

func gettingStartedObjectiveType() async throws {
    let study = try await Study.create(direction: .minimize)
    // snippet: getting-started/objective-type
    struct Quadratic: Objective {
        var target: Double

        func evaluate(_ trial: Trial) async throws -> Double {
            let x = try trial.suggestFloat("x", in: -10...10)
            return (x - target) * (x - target)
        }
    }

    try await study.optimize(Quadratic(target: 2), nTrials: 20)
    // end-snippet
}

func gettingStartedErrors() async throws {
    let study = try await Study.create(direction: .minimize)
    // snippet: getting-started/errors
    try await study.optimize(nTrials: 10, timeout: .seconds(60), errorPolicy: .continueOnAll) { trial in
        let batch = try trial.suggestCategorical("batch", [16, 32, 64])
        guard batch <= 32 else { throw CancellationError() }  // any error: the trial fails, the study goes on
        return Double(batch)
    }
    // end-snippet
}

/// A stand-in for a model whose error falls as it grows.
struct SizedModel {
    var width: Int
    var dropout: Double

    var error: Double { 1 / Double(width).squareRoot() + (dropout - 0.2) * (dropout - 0.2) }
    var megabytes: Double { Double(width * width) * 4e-6 }
}

func gettingStartedSeveralObjectives() async throws -> [TrialRecord] {
    // snippet: getting-started/several-objectives
    let study = try await Study.create(directions: [.minimize, .minimize], sampler: TPESampler(seed: 7))

    try await study.optimize(nTrials: 40) { trial in
        let width = try trial.suggestInt("width", in: 16...1024, log: true)
        let dropout = try trial.suggestFloat("dropout", in: 0...0.5)
        let model = SizedModel(width: width, dropout: dropout)
        return [model.error, model.megabytes]  // in the order of the directions
    }

    for trial in try await study.bestTrials {  // the Pareto front: no other trial is better on both
        print(trial.number, trial.values!, trial.params)
    }
    // end-snippet
    return try await study.bestTrials
}
