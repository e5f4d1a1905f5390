import HyperTune
import Testing

/// Runs the samples of Docs/Samplers.md (the snippet check only compiles them).
@Suite("Samplers guide")
struct SamplersGuideTests {
    @Test("the TPE study ends better than random search with the same seed and budget")
    func tpe() async throws {
        let study = try await samplersTPE()
        #expect(try await study.trials.count == 60)
        let random = try await Study.create(direction: .minimize, sampler: RandomSampler(seed: 7))
        try await random.optimize(nTrials: 60) { trial in
            let lr = try trial.suggestFloat("lr", in: 1e-5...1e-1, log: true)
            let layers = try trial.suggestInt("layers", in: 1...6)
            let optimizer = try trial.suggestCategorical("optimizer", ["sgd", "adam"])
            return trainingLoss(lr: lr, layers: layers, optimizer: optimizer)
        }
        let (tpeBest, randomBest) = (try await study.bestValue, try await random.bestValue)
        #expect(tpeBest < randomBest)
    }

    @Test("the options build valid samplers")
    func options() throws {
        for sampler in samplersTPEOptions() { try sampler.validate() }
        #expect(samplersChoices().count == 3)
    }

    @Test("the conditional study plans both groups jointly")
    func conditional() async throws {
        let trials = try await samplersConditional().trials
        #expect(trials.count == 40)
        #expect(trials.last!.relativeParams.keys.contains("lr"))
        #expect(trials.contains { $0.relativeParams["beta1"] != nil && $0.relativeParams["beta2"] != nil })
    }

    @Test("the parallel study runs its trials")
    func parallel() async throws {
        #expect(try await samplersParallel().trials.count == 40)
    }

    @Test("the finite space is covered once")
    func finite() async throws {
        let trials = try await samplersFinite().trials
        let configurations = Set(trials.map { [$0.params["layers"]!, $0.params["optimizer"]!, $0.params["batch"]!] })
        #expect(configurations.count == 24)
    }
}

extension SamplersGuideTests {
    @Test("the CMA-ES study gets close to the optimum")
    func cmaes() async throws {
        let study = try await samplersCMAES()
        #expect(try await study.trials.count == 200)
        // Optimum 0 at x = y = 1, units = 128; one worker, so deterministic: measured 0.022
        // (x 0.974, y 0.982, units 119); random search with 200 trials is typically above 0.1.
        #expect(try await study.bestValue < 0.05)
    }

    @Test("the brute-force study evaluates each of the six points once with four workers, then stops")
    func bruteForce() async throws {
        let trials = try await samplersBruteForce().trials
        #expect(trials.count == 6)
        #expect(Set(trials.map(\.params)).count == 6)
    }

    @Test("the further samplers validate")
    func more() throws {
        let samplers = samplersMore()
        #expect(samplers.count == 5)
        for sampler in samplers { try sampler.validate() }
    }
}
