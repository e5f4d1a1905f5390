import HyperTuneCore
import HyperTunePruners
import HyperTuneTestSupport
import Testing

/// Five complete trials reporting 1, 2, 3, 4, 5 at every step 0...5: the median is 3 at each step,
/// the 25th percentile 2 and the 75th 4.
let fiveComplete = (0..<5).map { TrialBuilder.completeCurve($0, Array(repeating: Double($0 + 1), count: 6)) }

private func running(_ values: [Double]) -> TrialRecord { TrialBuilder.runningCurve(5, values) }

private func running(_ steps: [Int: Double]) -> TrialRecord {
    TrialBuilder.trial(5, state: .running, intermediate: steps)
}

@Suite("PercentilePruner")
struct PercentilePrunerTests {
    static let cases: [PruningCase] = [
        // Percentile and direction.
        PruningCase(
            "25th: 2.5 is worse than the 25th percentile (2)", PercentilePruner(25), history: fiveComplete, trial: running([2.5]),
            prunes: true),
        PruningCase("25th: 2 equals the 25th percentile", PercentilePruner(25), history: fiveComplete, trial: running([2]), prunes: false),
        PruningCase(
            "25th, maximize: 3.5 is below the 75th percentile of the values (4)", PercentilePruner(25), direction: .maximize,
            history: fiveComplete, trial: running([3.5]), prunes: true),
        PruningCase(
            "25th, maximize: 4 reaches the 75th percentile", PercentilePruner(25), direction: .maximize, history: fiveComplete,
            trial: running([4]), prunes: false),
        PruningCase(
            "25th of 1, 2, 3, 4 interpolates to 1.75: 1.8 prunes", PercentilePruner(25, startupTrials: 4),
            history: Array(fiveComplete.prefix(4)),
            trial: running([1.8]), prunes: true),
        PruningCase(
            "25th of 1, 2, 3, 4 interpolates to 1.75: 1.7 is kept", PercentilePruner(25, startupTrials: 4),
            history: Array(fiveComplete.prefix(4)), trial: running([1.7]), prunes: false),
        PruningCase(
            "0th: only a trial as good as the best survives", PercentilePruner(0), history: fiveComplete, trial: running([1.5]),
            prunes: true),
        PruningCase(
            "100th: only a trial worse than the worst is pruned", PercentilePruner(100), history: fiveComplete, trial: running([4.9]),
            prunes: false),
        PruningCase("100th: worse than the worst", PercentilePruner(100), history: fiveComplete, trial: running([5.1]), prunes: true),
        // The best value so far is judged, against the reference at the last step.
        PruningCase(
            "the best value so far counts, not the last one", PercentilePruner(25), history: fiveComplete, trial: running([1.5, 9, 9]),
            prunes: false),
        // Too few trials.
        PruningCase(
            "fewer complete trials than startupTrials", PercentilePruner(25, startupTrials: 6), history: fiveComplete, trial: running([9]),
            prunes: false),
        PruningCase(
            "pruned, failed and running trials are not counted for the start-up", PercentilePruner(25),
            history: Array(fiveComplete.prefix(4)) + [
                TrialBuilder.trial(6, state: .pruned, values: [0], intermediate: [0: 0]),
                TrialBuilder.trial(7, state: .fail, intermediate: [0: 0]),
                TrialBuilder.runningCurve(8, [0]),
            ], trial: running([9]), prunes: false),
        PruningCase(
            "pruned and running trials are not part of the reference", PercentilePruner(50),
            history: fiveComplete + [
                TrialBuilder.trial(6, state: .pruned, values: [9], intermediate: [0: 9]),
                TrialBuilder.trial(7, state: .pruned, values: [9], intermediate: [0: 9]),
                TrialBuilder.runningCurve(8, [9]), TrialBuilder.runningCurve(9, [9]),
            ], trial: running([3.5]), prunes: true),
        PruningCase(
            "no complete trial at all", PercentilePruner(25, startupTrials: 0), history: [], trial: running([9]), prunes: false),
        PruningCase(
            "no complete trial reported at the last step", PercentilePruner(25), history: fiveComplete,
            trial: running([9: 100]), prunes: false),
        PruningCase(
            "fewer than minTrials reported at the step", PercentilePruner(50, minTrials: 3),
            history: fiveComplete.map { trial in
                var trial = trial
                if trial.number < 2 { trial.intermediateValues[7] = Double(trial.number + 1) }
                return trial
            }, trial: running([7: 100]), prunes: false),
        PruningCase(
            "exactly minTrials reported at the step", PercentilePruner(50, minTrials: 2),
            history: fiveComplete.map { trial in
                var trial = trial
                if trial.number < 2 { trial.intermediateValues[7] = Double(trial.number + 1) }
                return trial
            }, trial: running([7: 100]), prunes: true),
        // Warm-up and interval.
        PruningCase(
            "before the warm-up", PercentilePruner(25, warmupSteps: 2), history: fiveComplete, trial: running([9, 9]), prunes: false),
        PruningCase(
            "at the end of the warm-up", PercentilePruner(25, warmupSteps: 2), history: fiveComplete, trial: running([9, 9, 9]),
            prunes: true),
        PruningCase(
            "interval 3 after warm-up 1: step 1 opens a window", PercentilePruner(25, warmupSteps: 1, intervalSteps: 3),
            history: fiveComplete, trial: running([9, 9]), prunes: true),
        PruningCase(
            "interval 3 after warm-up 1: step 3 is inside the window", PercentilePruner(25, warmupSteps: 1, intervalSteps: 3),
            history: fiveComplete, trial: running([9, 9, 9, 9]), prunes: false),
        PruningCase(
            "interval 3 after warm-up 1: step 4 opens the next window", PercentilePruner(25, warmupSteps: 1, intervalSteps: 3),
            history: fiveComplete, trial: running([9, 9, 9, 9, 9]), prunes: true),
        PruningCase(
            "interval 3: a check postponed to the first report in a window", PercentilePruner(25, intervalSteps: 3),
            history: fiveComplete, trial: running([0: 9, 5: 9]), prunes: true),
        // NaN.
        PruningCase(
            "a trial with only NaN values is pruned", PercentilePruner(25), history: fiveComplete, trial: running([.nan]), prunes: true),
        PruningCase(
            "a NaN after a good value is ignored", PercentilePruner(25), history: fiveComplete, trial: running([1, .nan]), prunes: false),
        PruningCase(
            "NaN reference values are left out of the percentile", PercentilePruner(50),
            history: [1, .nan, .nan, .nan, 5].enumerated().map { TrialBuilder.completeCurve($0.offset, [$0.element]) },
            trial: running([3.5]), prunes: true),
        PruningCase(
            "NaN reference values still count for minTrials", PercentilePruner(50, minTrials: 5),
            history: [1, .nan, .nan, .nan, 5].enumerated().map { TrialBuilder.completeCurve($0.offset, [$0.element]) },
            trial: running([3.5]), prunes: true),
        PruningCase(
            "only NaN reference values: no decision", PercentilePruner(50),
            history: (0..<5).map { TrialBuilder.completeCurve($0, [.nan]) }, trial: running([100]), prunes: false),
        // Nothing reported; multi-objective.
        PruningCase("nothing reported yet", PercentilePruner(25), history: fiveComplete, trial: running([Double]()), prunes: false),
    ]

    @Test("decisions on hand-made histories", arguments: cases)
    func decisions(_ row: PruningCase) {
        #expect(row.decision == row.expected)
    }

    @Test("a multi-objective study is never pruned")
    func multiObjective() {
        let history = (0..<5).map {
            TrialBuilder.trial($0, state: .complete, values: [0, 0], intermediate: [0: 0])
        }
        let trial = TrialBuilder.runningCurve(5, [100])
        let study = StudySnapshot(studyName: "study", directions: [.minimize, .minimize], trials: history + [trial])
        #expect(!PercentilePruner(25).shouldPrune(trial, in: study))
    }

    @Test("the judged trial's own stored copy is not a reference")
    func ownCopy() {
        // As the driver passes it: the storage's copy of the running trial is in the snapshot too.
        let trial = running([9])
        var completeCopy = trial
        completeCopy.state = .complete
        let study = TrialBuilder.snapshot(Array(fiveComplete.prefix(4)) + [completeCopy])
        #expect(!PercentilePruner(25).shouldPrune(trial, in: study), "4 other complete trials < 5 startup trials")
    }

    @Test("options and defaults")
    func defaults() {
        let pruner = PercentilePruner(25)
        #expect(pruner.percentile == 25)
        #expect(pruner.startupTrials == 5)
        #expect(pruner.warmupSteps == 0)
        #expect(pruner.intervalSteps == 1)
        #expect(pruner.minTrials == 1)
    }

    @Test("options out of range are errors naming them")
    func invalidOptions() async {
        await expectRejected(PercentilePruner(101), parameter: "percentile")
        await expectRejected(PercentilePruner(-1), parameter: "percentile")
        await expectRejected(PercentilePruner(50, startupTrials: -1), parameter: "startupTrials")
        await expectRejected(PercentilePruner(50, intervalSteps: 0), parameter: "intervalSteps")
        await expectRejected(PercentilePruner(50, minTrials: 0), parameter: "minTrials")
        #expect(throws: Never.self) { try PercentilePruner(25, startupTrials: 5).validate() }
    }
}
