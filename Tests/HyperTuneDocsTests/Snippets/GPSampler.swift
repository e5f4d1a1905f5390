// swift-format-ignore-file
// (the guides show these regions verbatim, with their comments aligned)
import Foundation
import HyperTune

// Samples of Docs/GPSampler.md. Each function holds one region the guide shows.

/// A stand-in for an expensive training run: the validation error of a configuration.
func trainAndValidate(lr: Double, layers: Int, optimizer: String) -> Double {
    let distance = Foundation.log10(lr) + 2.5
    return distance * distance + 0.05 * Double((layers - 3) * (layers - 3)) + (optimizer == "adam" ? 0 : 0.3)
}

@discardableResult
func gpBasic() async throws -> Study {
    // snippet: gp/basic
    let study = try await Study.create(direction: .minimize, sampler: GPSampler(seed: 1))
    try await study.optimize(nTrials: 30) { trial in
        let lr = try trial.suggestFloat("lr", in: 1e-5...1e-1, log: true)
        let layers = try trial.suggestInt("layers", in: 1...6)
        let optimizer = try trial.suggestCategorical("optimizer", ["sgd", "adam"])
        return trainAndValidate(lr: lr, layers: layers, optimizer: optimizer)
    }
    print(try await study.bestTrial.params)
    // end-snippet
    return study
}

func gpOptions() -> GPSampler {
    // snippet: gp/options
    let sampler = GPSampler(
        seed: 42,
        startupTrials: 16,               // Sobol' points before the model is used
        deterministicObjective: true,    // the same configuration always scores the same
        candidates: 4096,                // quasi-random candidates scored per suggestion
        localSearchStarts: 20,           // the best of them polished by local search
        considerPendingTrials: true      // model running trials so parallel workers spread out
    )
    // end-snippet
    return sampler
}

@discardableResult
func gpParallel() async throws -> Study {
    // snippet: gp/parallel
    let study = try await Study.create(direction: .minimize, sampler: GPSampler(seed: 7, startupTrials: 8))
    try await study.optimize(nTrials: 24, concurrency: 4) { trial in
        let x = try trial.suggestFloat("x", in: -2...2)
        let y = try trial.suggestFloat("y", in: -2...2)
        return (x - 0.5) * (x - 0.5) + (y + 0.25) * (y + 0.25)
    }
    // end-snippet
    return study
}
