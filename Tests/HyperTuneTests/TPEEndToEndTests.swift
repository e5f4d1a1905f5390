import Foundation
import HyperTune
import HyperTuneStudyTestSupport
import Testing

/// TPESampler driven by a study, as a client uses it.
@Suite("TPE end to end")
struct TPEEndToEndTests {
    /// A mixed objective: every kind of parameter.
    static func mixed(_ trial: Trial) throws -> Double {
        let x = try trial.suggestFloat("x", in: -3...3)
        let lr = try trial.suggestFloat("lr", in: 1e-4...1, log: true)
        let step = try trial.suggestFloat("step", in: 0...1, step: 0.1)
        let n = try trial.suggestInt("n", in: 0...20)
        let width = try trial.suggestInt("width", in: 8...512, log: true)
        let kind = try trial.suggestCategorical("kind", ["a", "b", "c"])
        let penalty = kind == "b" ? 0.0 : 1.0
        let logLR = log10(lr) + 2
        return (x - 1) * (x - 1) + logLR * logLR + (step - 0.3) * (step - 0.3) + Double((n - 7) * (n - 7)) / 10
            + Double(width) / 512 + penalty
    }

    @Test("with one worker, the same seed gives the same trials bit for bit")
    func reproducible() async throws {
        func run(seed: Int) async throws -> [[String: ParameterValue]] {
            let study = try await Study.create(direction: .minimize, sampler: TPESampler(seed: seed))
            try await study.optimize(nTrials: 30) { try Self.mixed($0) }
            return try await study.trials.map(\.params)
        }
        let first = try await run(seed: 21)
        #expect(try await run(seed: 21) == first)
        #expect(try await run(seed: 22) != first)
    }

    @Test("TPESampler is the default sampler of Study.create")
    func defaultSampler() async throws {
        let study = try await Study.create(direction: .maximize)
        #expect(study.sampler is TPESampler)
    }

    @Test("a conditional space gets joint modelling of each group with group decomposition")
    func conditionalGroups() async throws {
        func run(group: Bool) async throws -> [TrialRecord] {
            let sampler = TPESampler(seed: 5, startupTrials: 5, group: group)
            let study = try await Study.create(direction: .minimize, sampler: sampler)
            try await study.optimize(nTrials: 30) { trial in
                let optimizer = try trial.suggestCategorical("optimizer", ["sgd", "adam"])
                let lr = try trial.suggestFloat("lr", in: 1e-4...1, log: true)
                guard optimizer == "adam" else { return 1 + abs(log10(lr) + 2) }
                let beta = try trial.suggestFloat("beta", in: 0.5...0.999)
                let width = try trial.suggestInt("width", in: 16...256, log: true)
                return abs(log10(lr) + 3) + abs(beta - 0.9) + abs(Double(width) - 64) / 64
            }
            return try await study.trials
        }
        let grouped = try await run(group: true)
        let modelled = grouped.dropFirst(5).filter { !$0.relativeParams.isEmpty }
        #expect(modelled.count == 25)
        // Every trial after the startup plans both groups jointly: {lr, optimizer} and, once an
        // "adam" trial has finished, {beta, width}; an "adam" trial then uses the planned values.
        for trial in modelled {
            #expect(Set(trial.relativeParams.keys).isSuperset(of: ["lr", "optimizer"]))
        }
        let adam = modelled.filter { $0.params["optimizer"] == "adam" && $0.relativeParams["beta"] != nil }
        #expect(!adam.isEmpty)
        for trial in adam {
            #expect(trial.relativeParams.keys.contains("width"))
            #expect(trial.parameters["beta"]?.internalValue == trial.relativeParams["beta"])
            #expect(trial.parameters["width"]?.internalValue == trial.relativeParams["width"])
        }
        // Without groups, the joint space is the intersection: the conditional parameters are
        // sampled one at a time.
        let intersected = try await run(group: false)
        for trial in intersected.dropFirst(5) {
            #expect(Set(trial.relativeParams.keys) == ["lr", "optimizer"])
        }
    }

    @Test("four concurrent workers on a small discrete space never repeat a configuration while unseen ones remain")
    func concurrentWorkersDoNotRepeat() async throws {
        // 4 × 3 × 2 = 24 configurations.
        let study = try await Study.create(direction: .minimize, sampler: TPESampler(seed: 3))
        let objective: @Sendable (Trial) async throws -> Double = { trial in
            let a = try trial.suggestInt("a", in: 0...3)
            let b = try trial.suggestCategorical("b", ["x", "y", "z"])
            let c = try trial.suggestCategorical("c", [true, false])
            await Task.yield()  // let the other workers ask while this one runs
            return Double(a) + (b == "y" ? 0 : 1) + (c ? 0 : 0.5)
        }
        // One trial first, so the sampler knows the space; then 23 more on four workers.
        try await study.optimize(nTrials: 1, objective)
        try await study.optimize(nTrials: 23, concurrency: 4, objective)
        let trials = try await study.trials
        #expect(trials.count == 24)
        let configurations = trials.map { [$0.params["a"]!, $0.params["b"]!, $0.params["c"]!] }
        #expect(Set(configurations).count == 24)
        // Once every configuration has been seen, the study goes on (repeating some).
        try await study.optimize(nTrials: 4, concurrency: 4, objective)
        #expect(try await study.trials.count == 28)
    }

    @Test("on a fixed seed, TPE ends closer to the optimum than random search after 100 trials", arguments: ["branin", "hartmann6"])
    func beatsRandom(problemName: String) async throws {
        let problem = try #require(TextbookProblem.named(problemName))
        func regret(_ sampler: any Sampler) async throws -> Double {
            let study = try await Study.create(direction: problem.direction, sampler: sampler, pruner: NopPruner())
            try await study.optimize(nTrials: 100, problem.objective)
            return problem.regret(try await study.bestValue)
        }
        // Seed 0, the benchmark suite's first. Over the suite's seeds 0-9, TPE's regret is below
        // random search's in 19 of these 20 runs (the exception: Branin, seed 1, a near tie), and
        // on seed 0 it is more than ten times smaller on both problems.
        let tpe = try await regret(TPESampler(seed: 0))
        let random = try await regret(RandomSampler(seed: 0))
        #expect(tpe < random / 10, "TPE regret \(tpe), random \(random)")
    }
}
