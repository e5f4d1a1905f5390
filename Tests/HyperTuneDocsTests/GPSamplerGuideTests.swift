import HyperTune
import Testing

/// Runs the samples of Docs/GPSampler.md (the snippet check only compiles them).
@Suite("GP sampler guide")
struct GPSamplerGuideTests {
    @Test("the basic study finds adam and a learning rate near 10^-2.5")
    func basic() async throws {
        let best = try await gpBasic().bestTrial
        #expect(best.params["optimizer"] == "adam")
        let lr = try #require(best.params["lr"]?.doubleValue)
        #expect(lr > 1e-3 && lr < 1e-2)
    }

    @Test("the options are valid")
    func options() throws {
        let sampler = gpOptions()
        try sampler.validate()
        #expect(sampler.configuration.startupTrials == 16)
        #expect(sampler.configuration.deterministicObjective)
    }

    @Test("four workers finish every trial and get close to the minimum")
    func parallel() async throws {
        let study = try await gpParallel()
        let trials = try await study.trials
        #expect(trials.count == 24 && trials.allSatisfy { $0.state == .complete })
        #expect(try #require(try await study.bestTrial.value) < 0.05)
    }
}
