import HyperTune
import Testing

/// Runs the samples of Docs/Pruners.md (the snippet check only compiles them).
@Suite("Pruners guide")
struct PrunersGuideTests {
    @Test("the median-pruner loop prunes some trials and finishes all")
    func loop() async throws {
        let trials = try await prunersLoop().trials
        #expect(trials.count == 40)
        #expect(trials.allSatisfy { $0.state == .complete || $0.state == .pruned })
        #expect(trials.contains { $0.state == .pruned })
    }

    @Test("the Hyperband study prunes some trials and finishes all")
    func hyperband() async throws {
        let trials = try await prunersHyperband().trials
        #expect(trials.count == 60)
        #expect(trials.allSatisfy { $0.state == .complete || $0.state == .pruned })
        #expect(trials.contains { $0.state == .pruned })
    }

    @Test("the curve-predictive study prunes some trials and completes at least its start-up trials")
    func curvePredictive() async throws {
        let study = try await prunersCurvePredictive()
        let trials = try await study.trials
        #expect(trials.count == 60)
        #expect(trials.allSatisfy { $0.state == .complete || $0.state == .pruned })
        #expect(trials.contains { $0.state == .pruned })
        #expect(trials.filter { $0.state == .complete }.count >= 8)
    }

    @Test("the brackets printed in the guide")
    func brackets() {
        let hyperband = HyperbandPruner(minResource: 1, maxResource: 81, reductionFactor: 3)
        #expect(hyperband.trialBudgets(maxResource: 81) == [81, 34, 15, 8, 5])
        #expect(prunersChoices().count == 8)
    }

    @Test("the custom pruner follows the direction")
    func custom() {
        let pruner = CeilingPruner(ceiling: 1, patience: 2)
        let trial = TrialRecord(number: 0, state: .running, intermediateValues: [0: 5, 1: 5, 2: 5])
        #expect(pruner.shouldPrune(trial, in: StudySnapshot(studyName: "study", directions: [.minimize], trials: [trial])))
        #expect(!pruner.shouldPrune(trial, in: StudySnapshot(studyName: "study", directions: [.maximize], trials: [trial])))
    }
}
