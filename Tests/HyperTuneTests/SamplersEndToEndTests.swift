import HyperTune
import Testing

/// The samplers of issue 20 through `Study`: stopping, parallel workers, resuming.
@Suite("Samplers end to end")
struct SamplersEndToEndTests {
    static func sphere(_ trial: Trial) throws -> Double {
        let a = try trial.suggestFloat("a", in: -5...5)
        let b = try trial.suggestFloat("b", in: -5...5)
        let n = try trial.suggestInt("n", in: 0...8)
        return (a - 1) * (a - 1) + (b + 2) * (b + 2) + Double((n - 3) * (n - 3))
    }

    @Test("BruteForceSampler ends the study after every point, each once, alone or with three workers", arguments: [1, 3])
    func bruteForce(concurrency: Int) async throws {
        let study = try await Study.create(direction: .minimize, sampler: BruteForceSampler(seed: 1))
        try await study.optimize(nTrials: 100, concurrency: concurrency) { trial in
            let x = try trial.suggestFloat("x", in: -1...1, step: 0.5)
            let kind = try trial.suggestCategorical("kind", ["a", "b", "c"])
            return kind == "a" ? x * x : Double(try trial.suggestInt("n", in: 0...1))
        }
        let trials = try await study.trials
        // 5 × (1 + 2 + 2) = 25 points, each evaluated once; then the study stops.
        #expect(Set(trials.map(\.params)).count == 25)
        #expect(trials.count == 25)
    }

    /// The nested conditional space of ``bruteForceConditional(seed:)``: 3 + (2 + 3) + 1 = 9 points.
    static func nested(_ trial: Trial) async throws -> Double {
        let model = try trial.suggestCategorical("model", ["tree", "linear", "constant"])
        await Task.yield()  // let the other workers interleave between suggestions
        switch model {
        case "tree":
            return Double(try trial.suggestInt("depth", in: 1...3))
        case "linear":
            let penalty = try trial.suggestCategorical("penalty", ["l1", "l2"])
            await Task.yield()
            let strength = penalty == "l1" ? try trial.suggestInt("l1_steps", in: 0...1) : try trial.suggestInt("l2_steps", in: 0...2)
            return Double(strength)
        default:
            return 0
        }
    }

    @Test("BruteForceSampler, nested conditional space, four workers: every point exactly once, then stop", arguments: 0..<4)
    func bruteForceConditional(seed: Int) async throws {
        let study = try await Study.create(direction: .minimize, sampler: BruteForceSampler(seed: seed))
        try await study.optimize(nTrials: 200, concurrency: 4, Self.nested)
        let trials = try await study.trials
        #expect(trials.allSatisfy { $0.state == .complete })
        #expect(Set(trials.map(\.params)).count == 9)
        #expect(trials.count == 9)
    }

    @Test("BruteForceSampler in a product space: once every value is seen, workers claim distinct points")
    func bruteForceClaims() async throws {
        let study = try await Study.create(direction: .minimize, sampler: BruteForceSampler(seed: 2))
        try await study.optimize(nTrials: 100, concurrency: 4) { trial in
            let x = try trial.suggestInt("x", in: 0...5)
            let y = try trial.suggestCategorical("y", ["a", "b", "c"])
            return Double(x) + (y == "a" ? 0 : 1)
        }
        let trials = try await study.trials
        #expect(Set(trials.map(\.params)).count == 18)
        #expect(trials.count == 18)
        // The trials before every value of x and y had been seen ran one at a time, unclaimed; at
        // least six (one per value of x), and the rest claimed their points.
        let claimed = trials.filter { $0.systemAttributes[.bruteForcePoint] != nil }
        #expect(trials.count - claimed.count >= 6)
        #expect(!claimed.isEmpty)
    }

    @Test("ask() does not wait for running trials when BruteForceSampler would: it starts a trial")
    func bruteForceAskDoesNotWait() async throws {
        let study = try await Study.create(direction: .minimize, sampler: BruteForceSampler(seed: 1))
        let first = try await study.ask()
        let second = try await study.ask()  // the first is running and the space unknown: a wait plan
        #expect(second.number == first.number + 1)
        _ = try first.suggestInt("x", in: 0...1)
        _ = try second.suggestInt("x", in: 0...1)
        try await study.tell(first, value: 0)
        try await study.tell(second, value: 0)
    }

    @Test("CMA-ES: a study resumed with a new sampler continues exactly as an uninterrupted one")
    func resumed() async throws {
        let whole = try await Study.create(direction: .minimize, sampler: CMAESSampler(seed: 8))
        try await whole.optimize(nTrials: 80, Self.sphere)
        let storage = InMemoryStorage()
        let first = try await Study.create(name: "resume", direction: .minimize, sampler: CMAESSampler(seed: 8), storage: storage)
        try await first.optimize(nTrials: 45, Self.sphere)
        let second = try await Study.load(name: "resume", storage: storage, sampler: CMAESSampler(seed: 8))
        try await second.optimize(nTrials: 35, Self.sphere)
        #expect(try await whole.trials.map(\.params) == second.trials.map(\.params))
        #expect(try await whole.bestValue < 0.5)
    }

    @Test("CMA-ES with four workers converges; late trials are injected, not lost")
    func parallelCMAES() async throws {
        let study = try await Study.create(direction: .minimize, sampler: CMAESSampler(seed: 3))
        try await study.optimize(nTrials: 300, concurrency: 4, Self.sphere)
        // Measured 1e-7 ... 3e-6 over seeds 1-5 (random search with 300 trials: 0.18 ... 1.6).
        #expect(try await study.bestValue < 1e-3)
    }

    @Test("QMC with four workers: every trial after the first takes its own point of the sequence")
    func parallelQMC() async throws {
        let study = try await Study.create(direction: .minimize, sampler: QMCSampler(seed: 2))
        let objective: @Sendable (Trial) async throws -> Double = { trial in
            try trial.suggestFloat("a", in: 0...1) + trial.suggestFloat("b", in: 0...1)
        }
        // The sequence starts once the first trial has finished (its space is then known); trials
        // started while it runs are sampled independently, so it runs alone here.
        try await study.optimize(nTrials: 1, objective)
        try await study.optimize(nTrials: 32, concurrency: 4, objective)
        let later = try await study.trials.filter { $0.number > 0 }
        // 32 Sobol' points in 4 × 8 cells: one point per cell.
        let cells = Set(later.map { Int($0.params["a"]!.doubleValue! * 4) * 8 + Int($0.params["b"]!.doubleValue! * 8) })
        #expect(cells.count == 32)
    }
}
