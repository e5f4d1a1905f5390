import HyperTune
import Testing

/// End-to-end runs through the umbrella module, as a client writes them.
@Suite("End to end")
struct EndToEndTests {
    @Test("a conditional study through `import HyperTune` finds a good point")
    func conditional() async throws {
        let study = try await Study.create(name: "e2e", direction: .minimize, sampler: RandomSampler(seed: 11), pruner: NopPruner())
        try await study.optimize(nTrials: 300, concurrency: 3) { trial in
            let kind = try trial.suggestCategorical("kind", ["quadratic", "flat"])
            if kind == "flat" { return 5 }
            let x = try trial.suggestFloat("x", in: -10...10)
            return (x - 1) * (x - 1)
        }
        let best = try await study.bestTrial
        #expect(best.params["kind"] == "quadratic")
        // 150 uniform draws on [-10, 10]: the closest to 1 is within 0.5 with probability 1 - 0.95^150.
        #expect(try #require(best.value) < 0.25)
        let summary = try await study.summary(top: 3)
        #expect(summary.hasPrefix("Study \"e2e\" (minimize): 300 trials: 300 complete"))
        #expect(summary.split(separator: "\n").count == 5)
    }
}
