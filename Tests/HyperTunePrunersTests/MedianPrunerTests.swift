import HyperTuneCore
import HyperTunePruners
import HyperTuneTestSupport
import Testing

private func running(_ values: [Double]) -> TrialRecord { TrialBuilder.runningCurve(5, values) }

@Suite("MedianPruner")
struct MedianPrunerTests {
    static let cases: [PruningCase] = [
        PruningCase("worse than the median (3)", MedianPruner(), history: fiveComplete, trial: running([3.5]), prunes: true),
        PruningCase("equal to the median", MedianPruner(), history: fiveComplete, trial: running([3]), prunes: false),
        PruningCase(
            "maximize: below the median", MedianPruner(), direction: .maximize, history: fiveComplete, trial: running([2.5]), prunes: true),
        PruningCase(
            "maximize: above the median", MedianPruner(), direction: .maximize, history: fiveComplete, trial: running([3.5]), prunes: false),
        PruningCase(
            "maximize: the best value so far is the largest", MedianPruner(), direction: .maximize, history: fiveComplete,
            trial: running([4, 1]), prunes: false),
        PruningCase(
            "minimize: the best value so far is the smallest", MedianPruner(), history: fiveComplete, trial: running([2, 9]), prunes: false),
        PruningCase(
            "too few complete trials (4 of 5)", MedianPruner(), history: Array(fiveComplete.prefix(4)), trial: running([9]), prunes: false),
        PruningCase(
            "startupTrials 2 with 4 complete", MedianPruner(startupTrials: 2), history: Array(fiveComplete.prefix(4)), trial: running([9]),
            prunes: true),
        PruningCase(
            "warm-up 2: step 1 is not judged", MedianPruner(startupTrials: 5, warmupSteps: 2), history: fiveComplete,
            trial: running([9, 9]),
            prunes: false),
        PruningCase(
            "warm-up 2: step 2 is judged", MedianPruner(startupTrials: 5, warmupSteps: 2), history: fiveComplete,
            trial: running([9, 9, 9]),
            prunes: true),
        PruningCase(
            "interval 2: step 1 is inside the first window", MedianPruner(intervalSteps: 2), history: fiveComplete, trial: running([9, 9]),
            prunes: false),
        PruningCase(
            "interval 2: step 2 opens a window", MedianPruner(intervalSteps: 2), history: fiveComplete, trial: running([9, 9, 9]),
            prunes: true),
        PruningCase("NaN only", MedianPruner(), history: fiveComplete, trial: running([.nan, .nan]), prunes: true),
        PruningCase(
            "min trials: 1 complete trial reported at step 0 of 5 needed", MedianPruner(minTrials: 5),
            history: Array(fiveComplete.prefix(4)).map { TrialBuilder.completeCurve($0.number, [Double]()) } + [fiveComplete[4]],
            trial: running([9]), prunes: false),
    ]

    @Test("decisions on hand-made histories", arguments: cases)
    func decisions(_ row: PruningCase) {
        #expect(row.decision == row.expected)
    }

    @Test("is the 50th percentile on every row of the percentile table")
    func sameAsPercentile50() {
        for row in PercentilePrunerTests.cases {
            guard let percentile = row.pruner as? PercentilePruner else { continue }
            let median = MedianPruner(
                startupTrials: percentile.startupTrials, warmupSteps: percentile.warmupSteps,
                intervalSteps: percentile.intervalSteps, minTrials: percentile.minTrials)
            let fifty = PercentilePruner(
                50, startupTrials: percentile.startupTrials, warmupSteps: percentile.warmupSteps,
                intervalSteps: percentile.intervalSteps, minTrials: percentile.minTrials)
            #expect(median.shouldPrune(row.trial, in: row.snapshot) == fifty.shouldPrune(row.trial, in: row.snapshot), "\(row.name)")
        }
    }

    @Test("defaults are Optuna's")
    func defaults() {
        let pruner = MedianPruner()
        #expect(pruner.startupTrials == 5)
        #expect(pruner.warmupSteps == 0)
        #expect(pruner.intervalSteps == 1)
        #expect(pruner.minTrials == 1)
    }

    @Test("a negative warm-up is an error naming it, and the pruner's name")
    func invalidOptions() async {
        await expectRejected(MedianPruner(warmupSteps: -1), parameter: "warmupSteps")
        #expect { try MedianPruner(warmupSteps: -1).validate() } throws: {
            ($0 as? SettingError)?.description == "MedianPruner: warmupSteps must be >= 0, got -1"
        }
    }
}
