import Foundation
import HyperTune

/// The overhead suite: time per suggestion and per trial of each sampler in a study that already
/// holds a given number of completed trials, on a 10-parameter space (3 floats, 2 log floats,
/// 3 ints of which 1 log, 2 categoricals). The objective's own computation is not timed.
enum OverheadSuite {
    static let parameterCount = 10

    /// Suggests the 10 parameters; returns their numeric values (the "objective" sums them later,
    /// outside the timed region).
    static func suggestAll(_ trial: Trial) throws -> [Double] {
        [
            try trial.suggestFloat("f0", in: -5...5),
            try trial.suggestFloat("f1", in: -5...5),
            try trial.suggestFloat("f2", in: 0...1),
            try trial.suggestFloat("l0", in: 1e-5...1, log: true),
            try trial.suggestFloat("l1", in: 1e-3...1e3, log: true),
            Double(try trial.suggestInt("i0", in: 0...100)),
            Double(try trial.suggestInt("i1", in: -20...20)),
            Double(try trial.suggestInt("i2", in: 1...1024, log: true)),
            try trial.suggestCategorical("c0", ["a", "b", "c"]) == "a" ? 1 : 0,
            try trial.suggestCategorical("c1", ["sgd", "adam", "rmsprop", "adagrad", "lion"]) == "adam" ? 1 : 0,
        ]
    }

    static func objective(_ values: [Double]) -> Double {
        values.reduce(0) { $0 + $1 * $1 }
    }

    /// The default window: a tenth of the completed trials, between 20 and 100.
    static func window(for completed: Int) -> Int { min(100, max(20, completed / 10)) }

    /// Untimed trials of the sampler before the window (first-call costs, caches).
    static let warmUp = 5

    static func run(samplers: [SamplerRegistry.Entry], counts: [Int]?, repeats: Int, window: Int?) async throws -> Report.Overhead {
        var results: [Report.OverheadResult] = []
        for sampler in samplers {
            for completed in counts ?? sampler.overheadCounts {
                let size = window ?? Self.window(for: completed)
                var suggestRuns: [Double] = []
                var trialRuns: [Double] = []
                for repeatIndex in 0..<repeats {
                    let (suggest, trial) = try await measure(sampler: sampler, completed: completed, window: size, seed: repeatIndex)
                    suggestRuns.append(suggest)
                    trialRuns.append(trial)
                }
                let result = Report.OverheadResult(
                    sampler: sampler.name, completed: completed, window: size, suggestMicroseconds: median(suggestRuns),
                    trialMicroseconds: median(trialRuns), suggestRuns: suggestRuns, trialRuns: trialRuns)
                progress(
                    String(
                        format: "overhead: %@ at %d completed: %.2f µs/suggestion phase, %.2f µs/trial", sampler.name, completed,
                        result.suggestMicroseconds, result.trialMicroseconds))
                results.append(result)
            }
        }
        return Report.Overhead(parameters: parameterCount, repeats: repeats, results: results)
    }

    /// Fills a study with `completed` random trials, runs ``warmUp`` untimed trials of `sampler`,
    /// then times `window` trials of it.
    /// Returns the mean microseconds per trial of (ask + suggest*) and of (ask + suggest* + tell).
    static func measure(sampler: SamplerRegistry.Entry, completed: Int, window: Int, seed: Int) async throws -> (Double, Double) {
        let storage = InMemoryStorage()
        let filler = try await Study.create(
            name: "overhead", direction: .minimize, sampler: RandomSampler(seed: 10_000 + seed), pruner: NopPruner(),
            storage: storage)
        try await filler.optimize(nTrials: completed) { objective(try suggestAll($0)) }
        let study = try await Study.load(name: "overhead", storage: storage, sampler: sampler.make(seed), pruner: NopPruner())
        for _ in 0..<warmUp {
            let trial = try await study.ask()
            try await study.tell(trial, value: objective(try suggestAll(trial)))
        }
        let clock = ContinuousClock()
        var suggesting = Duration.zero
        var telling = Duration.zero
        for _ in 0..<window {
            let t0 = clock.now
            let trial = try await study.ask()
            let values = try suggestAll(trial)
            let t1 = clock.now
            let value = objective(values)
            let t2 = clock.now
            try await study.tell(trial, value: value)
            let t3 = clock.now
            suggesting += t1 - t0
            telling += t3 - t2
        }
        let suggest = suggesting.microseconds / Double(window)
        return (suggest, suggest + telling.microseconds / Double(window))
    }
}
