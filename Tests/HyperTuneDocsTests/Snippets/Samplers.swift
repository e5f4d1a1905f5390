// swift-format-ignore-file
// (the guides show these regions verbatim, with their comments aligned)
import Foundation
import HyperTune

// Samples of Docs/Samplers.md. Each function holds one or more regions the guide shows.

/// A stand-in for a user's training run: the validation loss of a configuration.
func trainingLoss(lr: Double, layers: Int, optimizer: String) -> Double {
    let rate = Foundation.log10(lr) + (optimizer == "adam" ? 3 : 2)
    return rate * rate + 0.1 * Double((layers - 3) * (layers - 3)) + (optimizer == "adam" ? 0 : 0.05)
}

func samplersChoices() -> [any Sampler] {
    // snippet: samplers/choices
    let samplers: [any Sampler] = [
        TPESampler(seed: 7),                             // the default: model-based, cheap, parallel-aware
        RandomSampler(seed: 7),                          // independent uniform draws
        GridSampler(["lr": [1e-3, 1e-2], "layers": [2, 3, 4]]),   // every point once, then stop
    ]
    // end-snippet
    return samplers
}

@discardableResult
func samplersTPE() async throws -> Study {
    // snippet: samplers/tpe
    let study = try await Study.create(direction: .minimize, sampler: TPESampler(seed: 7))
    try await study.optimize(nTrials: 60) { trial in
        let lr = try trial.suggestFloat("lr", in: 1e-5...1e-1, log: true)
        let layers = try trial.suggestInt("layers", in: 1...6)
        let optimizer = try trial.suggestCategorical("optimizer", ["sgd", "adam"])
        return trainingLoss(lr: lr, layers: layers, optimizer: optimizer)
    }
    // end-snippet
    return study
}

func samplersTPEOptions() -> [TPESampler] {
    // snippet: samplers/tpe-options
    // The common options.
    let quick = TPESampler(seed: 1, startupTrials: 20, multivariate: true, constantLiar: true)

    // Every option, from the recommended defaults.
    var configuration = TPESampler.Configuration()
    configuration.startupTrials = 20
    configuration.candidates = 48                           // more exploitation per suggestion
    configuration.gamma = .linear(0.15, cap: 25)            // a larger good set
    configuration.weighting = .uniform                      // old trials count as much as new ones
    configuration.badTrialWindow = nil                      // keep every bad trial (cost grows with n)
    let custom = TPESampler(seed: 1, configuration: configuration)
    // end-snippet
    return [quick, custom]
}

@discardableResult
func samplersConditional() async throws -> Study {
    // snippet: samplers/conditional
    let study = try await Study.create(direction: .minimize, sampler: TPESampler(seed: 3))
    try await study.optimize(nTrials: 40) { trial in
        let optimizer = try trial.suggestCategorical("optimizer", ["sgd", "adam"])
        let lr = try trial.suggestFloat("lr", in: 1e-5...1e-1, log: true)
        if optimizer == "adam" {
            // Only "adam" trials have these: TPE models {beta1, beta2} together, apart from {lr, optimizer}.
            let beta1 = try trial.suggestFloat("beta1", in: 0.8...0.99)
            let beta2 = try trial.suggestFloat("beta2", in: 0.9...0.9999)
            return trainingLoss(lr: lr, layers: 3, optimizer: "adam") + (0.9 - beta1) * (0.9 - beta1) + (1 - beta2)
        }
        let momentum = try trial.suggestFloat("momentum", in: 0...0.99)
        return trainingLoss(lr: lr, layers: 3, optimizer: "sgd") + (0.9 - momentum) * (0.9 - momentum)
    }
    // end-snippet
    return study
}

@discardableResult
func samplersParallel() async throws -> Study {
    // snippet: samplers/parallel
    // Four workers: each new trial counts the running ones as bad at their planned values (constant
    // liar), so the workers do not all try the same promising point.
    let study = try await Study.create(direction: .minimize, sampler: TPESampler(seed: 5))
    try await study.optimize(nTrials: 40, concurrency: 4) { trial in
        let lr = try trial.suggestFloat("lr", in: 1e-5...1e-1, log: true)
        let layers = try trial.suggestInt("layers", in: 1...6)
        return trainingLoss(lr: lr, layers: layers, optimizer: "adam")
    }
    // end-snippet
    return study
}

@discardableResult
func samplersFinite() async throws -> Study {
    // snippet: samplers/finite
    // 3 × 2 × 4 = 24 configurations: TPE evaluates each once before it repeats any.
    let study = try await Study.create(direction: .minimize, sampler: TPESampler(seed: 2))
    try await study.optimize(nTrials: 24) { trial in
        let layers = try trial.suggestInt("layers", in: 2...4)
        let optimizer = try trial.suggestCategorical("optimizer", ["sgd", "adam"])
        let batch = try trial.suggestInt("batch", in: 32...224, step: 64)   // 32, 96, 160, 224
        return trainingLoss(lr: 1e-3, layers: layers, optimizer: optimizer) + Double(batch) / 1000
    }
    // end-snippet
    return study
}

@discardableResult
func samplersCMAES() async throws -> Study {
    // snippet: samplers/cmaes
    let study = try await Study.create(direction: .minimize, sampler: CMAESSampler(seed: 7))
    try await study.optimize(nTrials: 200) { trial in
        let x = try trial.suggestFloat("x", in: -5...5)
        let y = try trial.suggestFloat("y", in: -5...5)
        let units = try trial.suggestInt("units", in: 16...512, log: true)   // margin-corrected
        let width = Foundation.log2(Double(units) / 128)
        return (x - 1) * (x - 1) + 10 * (y - x * x) * (y - x * x) + width * width
    }
    // end-snippet
    return study
}

func samplersMore() -> [any Sampler] {
    // snippet: samplers/more
    let samplers: [any Sampler] = [
        CMAESSampler(seed: 7, sigma0: 0.2),                   // continuous and integer spaces, larger budgets
        QMCSampler(seed: 7),                                  // scrambled Sobol': even coverage, no model
        QMCSampler(seed: 7, scrambled: false, sequence: .halton),
        BruteForceSampler(seed: 7),                           // every point of a discrete space, then stop
        PartialFixedSampler(fixed: ["layers": 3], base: TPESampler(seed: 7)),   // pin some parameters
    ]
    // end-snippet
    return samplers
}

@discardableResult
func samplersBruteForce() async throws -> Study {
    // snippet: samplers/brute-force
    // A conditional space of 3 + 2 + 1 = 6 points; four workers, each point evaluated once, then
    // `optimize` ends (the budget of 100 is not reached).
    let study = try await Study.create(direction: .minimize, sampler: BruteForceSampler(seed: 7))
    try await study.optimize(nTrials: 100, concurrency: 4) { trial in
        switch try trial.suggestCategorical("model", ["tree", "linear", "constant"]) {
        case "tree": return Double(try trial.suggestInt("depth", in: 1...3))
        case "linear": return try trial.suggestCategorical("penalty", [0.1, 1.0])
        default: return 2
        }
    }
    // end-snippet
    return study
}
