import HyperTuneCore
import HyperTunePruners
import HyperTuneSamplers
import HyperTuneStudy
import HyperTuneValidation
import Testing

/// Prunes whenever the running mean reported so far is below 0.5 (a stand-in until a real pruner
/// is exercised; see the MedianPruner test).
private struct BelowHalfPruner: Pruner {
    func shouldPrune(_ trial: TrialRecord, in study: StudySnapshot) -> Bool {
        (trial.lastIntermediateValue ?? 1) < 0.5
    }
}

@Suite("Cross-validated objectives")
struct CrossValidationTests {
    @Test("reports the running mean per fold, keeps the fold scores, returns the mean")
    func runningMean() async throws {
        let study = try await Study.create(direction: .maximize, sampler: RandomSampler(seed: 1), pruner: NopPruner())
        let splits = try KFold(folds: 4, seed: 0).splits(count: 20)
        try await study.optimize(nTrials: 1) { trial in
            try await trial.crossValidate(splits) { _, fold in [0.75, 0.25, 0.5, 1][fold] }
        }
        let trial = try #require(try await study.trials.first)
        #expect(trial.value == 0.625)
        #expect(trial.intermediateValues == [0: 0.75, 1: 0.5, 2: 0.5, 3: 0.625])
        #expect(trial.userAttributes["cv_scores"] == [0.75, 0.25, 0.5, 1])
    }

    @Test("a bad fold stops the configuration, which keeps its scores so far")
    func prunesAfterBadFold() async throws {
        let study = try await Study.create(direction: .maximize, sampler: RandomSampler(seed: 1), pruner: BelowHalfPruner())
        let splits = try KFold(folds: 5, seed: 0).splits(count: 25)
        let evaluated = Locked(0)
        try await study.optimize(nTrials: 1) { trial in
            try await trial.crossValidate(splits) { _, fold in
                evaluated.withLock { $0 += 1 }
                return fold == 0 ? 0.9 : 0.05
            }
        }
        let trial = try #require(try await study.trials.first)
        #expect(trial.state == .pruned)
        #expect(evaluated.withLock { $0 } == 2)
        #expect(trial.userAttributes["cv_scores"] == [0.9, 0.05])
        #expect(trial.intermediateValues.count == 2)
    }

    @Test("under MedianPruner, a configuration whose first fold is bad stops after that fold")
    func medianPrunerStopsAfterBadFold() async throws {
        let study = try await Study.create(
            direction: .maximize, sampler: RandomSampler(seed: 1), pruner: MedianPruner(startupTrials: 3))
        let splits = try KFold(folds: 5, seed: 0).splits(count: 50)
        let folds = Locked<[Int: Int]>([:])
        try await study.optimize(nTrials: 5) { trial in
            try await trial.crossValidate(splits) { _, fold in
                folds.withLock { $0[trial.number, default: 0] += 1 }
                // Trials 0-2 score 0.9 on every fold; 3 and 4 score 0.2 on their first fold.
                return trial.number >= 3 && fold == 0 ? 0.2 : 0.9
            }
        }
        let trials = try await study.trials
        #expect(trials.map(\.state) == [.complete, .complete, .complete, .pruned, .pruned])
        #expect(folds.withLock { $0 } == [0: 5, 1: 5, 2: 5, 3: 1, 4: 1])
        #expect(trials[3].userAttributes["cv_scores"] == [0.2])
        #expect(trials[3].value == 0.2)
    }
}
