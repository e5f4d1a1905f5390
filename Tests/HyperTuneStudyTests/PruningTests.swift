import HyperTuneCore
import HyperTunePruners
import HyperTuneSamplers
import HyperTuneSearchSpace
import HyperTuneStorage
import HyperTuneStudy
import HyperTuneTestSupport
import Testing

/// A learning curve whose end depends on `x`: the loss falls as 1/(step+1) toward (x - 0.3)², and
/// rises again (overfits) when x > 0.8.
private func curve(_ x: Double, step: Int) -> Double {
    (x - 0.3) * (x - 0.3) + 1 / Double(step + 1) + max(0, x - 0.8) * Double(step)
}

/// Reports 27 steps of `curve`, asking the pruner after each; returns the last value.
private func train(_ trial: Trial) async throws -> Double {
    let x = try trial.suggestFloat("x", in: 0...1)
    var value = 0.0
    for step in 0..<27 {
        value = curve(x, step: step)
        try await trial.report(value, step: step)
        await Task.yield()
        if try await trial.shouldPrune() { throw TrialPruned() }
    }
    return value
}

/// A random sampler that records, for each trial, the trial numbers the driver let it see.
private final class SpySampler: Sampler {
    let base = RandomSampler(seed: 5)
    let seen = Locked<[Int: [Int]]>([:])

    func generator(for trial: TrialRecord, in study: StudySnapshot) -> SeededGenerator {
        seen.withLock { $0[trial.number] = study.trials().map(\.number) }
        return base.generator(for: trial, in: study)
    }

    func sampleIndependent(
        in study: StudySnapshot, for trial: TrialRecord, name: String, distribution: Distribution,
        using generator: inout SeededGenerator
    ) throws -> Double {
        try base.sampleIndependent(in: study, for: trial, name: name, distribution: distribution, using: &generator)
    }
}

@Suite("Pruning in the study driver")
struct PruningTests {
    @Test("the default pruner is the median pruner with Optuna's defaults")
    func defaultPruner() async throws {
        let pruner = try #require(Study.defaultPruner() as? MedianPruner)
        #expect(pruner.startupTrials == 5 && pruner.warmupSteps == 0 && pruner.intervalSteps == 1)
        let study = try await Study.create(direction: .minimize)
        #expect(study.pruner is MedianPruner)
    }

    static let pruners: [(String, any Pruner)] = [
        ("nop", NopPruner()),
        ("median", MedianPruner(startupTrials: 2)),
        ("percentile", PercentilePruner(25, startupTrials: 2, warmupSteps: 1)),
        ("successive halving", SuccessiveHalvingPruner(minResource: 1, reductionFactor: 3)),
        ("hyperband", HyperbandPruner(minResource: 1, maxResource: 27, reductionFactor: 3)),
        ("threshold", ThresholdPruner(upper: 0.3, warmupSteps: 5)),
        ("patient median", PatientPruner(MedianPruner(startupTrials: 2), patience: 0)),
    ]

    @Test("at concurrency 4, every trial finishes; pruned ones keep their values", arguments: pruners)
    func concurrent(_ name: String, _ pruner: any Pruner) async throws {
        let study = try await Study.create(direction: .minimize, sampler: RandomSampler(seed: 2), pruner: pruner)
        try await study.optimize(nTrials: 40, concurrency: 4) { try await train($0) }
        let trials = try await study.trials
        #expect(trials.count == 40)
        #expect(trials.allSatisfy { $0.state == .complete || $0.state == .pruned }, "no trial running, waiting or failed")
        for trial in trials {
            let x = try #require(trial.params["x"]?.doubleValue)
            let steps = trial.intermediateValues.keys.sorted()
            // Every value reported is kept, at its step, up to where the trial stopped.
            #expect(steps == Array(0..<steps.count))
            #expect(steps.allSatisfy { trial.intermediateValues[$0] == curve(x, step: $0) })
            #expect(trial.value == trial.lastIntermediateValue)
            // A complete trial ran every step; a pruned one stopped after its last report (possibly the last step).
            if trial.state == .complete { #expect(steps.count == 27) } else { #expect(!steps.isEmpty) }
        }
        let pruned = trials.filter { $0.state == .pruned }.count
        if pruner is NopPruner { #expect(pruned == 0) } else { #expect(pruned > 0, "\(name) pruned nothing") }
    }

    @Test("a trial the pruner stops keeps its intermediate values and its last value")
    func prunedKeepsValues() async throws {
        let study = try await Study.create(direction: .minimize, pruner: ThresholdPruner(upper: 3))
        try await study.optimize(nTrials: 1) { trial in
            for (step, value) in [1.0, 2, 4, 1].enumerated() {
                try await trial.report(value, step: step)
                if try await trial.shouldPrune() { throw TrialPruned() }
            }
            return 1
        }
        let trial = try #require(try await study.trials.first)
        #expect(trial.state == .pruned)
        #expect(trial.intermediateValues == [0: 1, 1: 2, 2: 4])
        #expect(trial.value == 4)
    }

    @Test("the median pruner prunes a trial worse than the median, by the study's direction")
    func medianInStudy() async throws {
        for direction in StudyDirection.allCases {
            let study = try await Study.create(direction: direction, pruner: MedianPruner(startupTrials: 3))
            for good in [1.0, 2, 3] {
                let trial = try await study.ask()
                try await trial.report(direction == .minimize ? good : -good, step: 0)
                #expect(try await !trial.shouldPrune(), "fewer than 3 complete trials")
                try await study.tell(trial, value: good)
            }
            let bad = try await study.ask()
            try await bad.report(direction == .minimize ? 2.5 : -2.5, step: 0)
            #expect(try await bad.shouldPrune(), "\(direction): worse than the median 2")
            let fine = try await study.ask()
            try await fine.report(direction == .minimize ? 1.5 : -1.5, step: 0)
            #expect(try await !fine.shouldPrune(), "\(direction): better than the median 2")
            try await study.tell(bad, state: .pruned)
            await #expect { _ = try await bad.shouldPrune() } throws: { ($0 as? StudyError)?.kind == .trialFinished }
            await #expect { try await bad.report(0, step: 1) } throws: { ($0 as? StudyError)?.kind == .trialFinished }
        }
    }

    @Test("with Hyperband, the sampler sees only the trials of the new trial's bracket")
    func hyperbandSamplerView() async throws {
        let pruner = HyperbandPruner(minResource: 1, maxResource: 27, reductionFactor: 3)
        let sampler = SpySampler()
        let study = try await Study.create(name: "bracketed", direction: .minimize, sampler: sampler, pruner: pruner)
        try await study.optimize(nTrials: 30) { try await train($0) }
        let seen = sampler.seen.withLock { $0 }
        #expect(seen.count == 30)
        for (number, visible) in seen {
            let bracket = pruner.bracket(ofTrial: number, studyName: "bracketed", maxResource: 27)
            // Every earlier trial of the bracket, and nothing else (at concurrency 1 all are finished).
            let expected = (0..<number).filter { pruner.bracket(ofTrial: $0, studyName: "bracketed", maxResource: 27) == bracket }
            #expect(visible == expected, "trial \(number) in bracket \(bracket)")
        }
    }
}
