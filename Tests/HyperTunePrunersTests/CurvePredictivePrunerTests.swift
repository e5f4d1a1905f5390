import HyperTuneCore
import HyperTunePruners
import HyperTuneTestSupport
import Testing

/// Eight complete trials of six steps: five fast starters (0-4) that end at 0.50 ... 0.54, and three
/// slow starters (5-7) that end best, at 0.20, 0.21 and 0.22.
private let crossing: [TrialRecord] =
    (0..<5).map { i in
        let d = 0.01 * Double(i)
        return TrialBuilder.completeCurve(i, [1.0 + d, 0.6 + d, 0.5 + d, 0.5 + d, 0.5 + d, 0.5 + d])
    }
    + (5..<8).map { i in
        let d = 0.01 * Double(i - 5)
        return TrialBuilder.completeCurve(i, [2.0 + d, 1.5 + d, 1.0 + d, 0.6 + d, 0.3 + d, 0.2 + d])
    }

/// The same trials as accuracies to maximize (every value negated).
private let crossingMaximized = crossing.map { trial in
    var copy = trial
    copy.intermediateValues = trial.intermediateValues.mapValues { -$0 }
    copy.values = trial.values?.map { -$0 }
    return copy
}

private func running(_ values: [Double]) -> TrialRecord { TrialBuilder.runningCurve(8, values) }

private let slowLikeTheBest = running([2.0, 1.5])
private let slowWorseThanItsKind = running([2.1, 1.6])
private let fast = running([1.0, 0.6])

@Suite("CurvePredictivePruner")
struct CurvePredictivePrunerTests {
    static let cases: [PruningCase] = [
        PruningCase(
            "a slow starter on the best trial's curve is kept", CurvePredictivePruner(), history: crossing, trial: slowLikeTheBest,
            prunes: false),
        PruningCase(
            "a slow starter behind every slow starter is pruned", CurvePredictivePruner(), history: crossing,
            trial: slowWorseThanItsKind, prunes: true),
        PruningCase(
            "a fast starter whose kind all ended worse than the best is pruned (the median keeps it)", CurvePredictivePruner(),
            history: crossing, trial: fast, prunes: true),
        PruningCase(
            "maximize: the slow starter on the best curve is kept", CurvePredictivePruner(), direction: .maximize,
            history: crossingMaximized, trial: running([-2.0, -1.5]), prunes: false),
        PruningCase(
            "maximize: the fast starter is pruned", CurvePredictivePruner(), direction: .maximize, history: crossingMaximized,
            trial: running([-1.0, -0.6]), prunes: true),
        PruningCase(
            "too few complete trials (7 of 8)", CurvePredictivePruner(), history: Array(crossing.dropLast()), trial: fast,
            prunes: false),
        PruningCase(
            "startupTrials 7 with 7 complete", CurvePredictivePruner(startupTrials: 7), history: Array(crossing.dropLast()),
            trial: fast, prunes: true),
        PruningCase(
            "fewer usable complete trials than neighbours", CurvePredictivePruner(neighbours: 8, startupTrials: 8),
            history: Array(crossing.dropLast()) + [TrialBuilder.completeCurve(7, [0.2])], trial: fast, prunes: false),
        PruningCase(
            "no complete trial reported the judged step", CurvePredictivePruner(), history: crossing,
            trial: running([1.0, 0.6, 0.5, 0.5, 0.5, 0.5, 0.5]), prunes: false),
        PruningCase(
            "warm-up 2: step 1 is not judged", CurvePredictivePruner(warmupSteps: 2), history: crossing, trial: fast, prunes: false),
        PruningCase(
            "warm-up 2: step 2 is judged", CurvePredictivePruner(warmupSteps: 2), history: crossing, trial: running([1.0, 0.6, 0.5]),
            prunes: true),
        PruningCase(
            "interval 2: step 1 is inside the first window", CurvePredictivePruner(intervalSteps: 2), history: crossing, trial: fast,
            prunes: false),
        PruningCase(
            "interval 2: step 2 opens a window", CurvePredictivePruner(intervalSteps: 2), history: crossing,
            trial: running([1.0, 0.6, 0.5]), prunes: true),
        PruningCase("NaN at the last step", CurvePredictivePruner(), history: crossing, trial: running([2.0, .nan]), prunes: true),
        PruningCase(
            "NaN at the last step, before the start-up", CurvePredictivePruner(), history: Array(crossing.dropLast()),
            trial: running([2.0, .nan]), prunes: false),
        PruningCase(
            "an earlier NaN is left out of the window", CurvePredictivePruner(), history: crossing, trial: running([.nan, 1.5]),
            prunes: false),
        PruningCase(
            "a complete trial with NaN in the window is left out (a slow starter becomes the fifth neighbour)",
            CurvePredictivePruner(), history: [TrialBuilder.completeCurve(0, [1.0, .nan, 0.5])] + crossing.dropFirst(), trial: fast,
            prunes: false),
        PruningCase("an infinite loss", CurvePredictivePruner(), history: crossing, trial: running([2.0, .infinity]), prunes: true),
        PruningCase(
            "an infinite accuracy when maximizing", CurvePredictivePruner(), direction: .maximize, history: crossingMaximized,
            trial: running([-2.0, .infinity]), prunes: false),
        PruningCase(
            "window 1 compares the last step only", CurvePredictivePruner(window: 1), history: crossing, trial: running([9.0, 1.5]),
            prunes: false),
        PruningCase(
            "window 3 sees the bad start", CurvePredictivePruner(), history: crossing, trial: running([9.0, 1.5]), prunes: true),
    ]

    @Test("decisions on hand-made histories", arguments: cases)
    func decisions(_ row: PruningCase) {
        #expect(row.decision == row.expected)
    }

    @Test("the median pruner prunes the slow starter this rule keeps, and keeps the fast one")
    func contrastWithMedian() {
        let snapshot = TrialBuilder.snapshot(crossing + [slowLikeTheBest], direction: .minimize)
        #expect(MedianPruner().shouldPrune(slowLikeTheBest, in: snapshot))
        #expect(!MedianPruner().shouldPrune(fast, in: TrialBuilder.snapshot(crossing + [fast], direction: .minimize)))
    }

    @Test("multi-objective studies are never pruned")
    func multiObjective() {
        let snapshot = StudySnapshot(studyName: "study", directions: [.minimize, .minimize], trials: crossing + [fast])
        #expect(!CurvePredictivePruner().shouldPrune(fast, in: snapshot))
    }

    @Test("defaults: the settings chosen on the benchmark's development seeds")
    func defaults() {
        let pruner = CurvePredictivePruner()
        #expect(pruner.neighbours == 5)
        #expect(pruner.window == 3)
        #expect(pruner.startupTrials == 8)
        #expect(pruner.warmupSteps == 0)
        #expect(pruner.intervalSteps == 1)
    }

    @Test("options out of range are errors naming them")
    func invalidOptions() async {
        await expectRejected(CurvePredictivePruner(neighbours: 0, startupTrials: 0), parameter: "neighbours")
        await expectRejected(CurvePredictivePruner(window: 0), parameter: "window")
        await expectRejected(CurvePredictivePruner(neighbours: 5, startupTrials: 4), parameter: "startupTrials")
        await expectRejected(CurvePredictivePruner(warmupSteps: -1), parameter: "warmupSteps")
        await expectRejected(CurvePredictivePruner(intervalSteps: 0), parameter: "intervalSteps")
        #expect { try CurvePredictivePruner(window: 0).validate() } throws: {
            ($0 as? SettingError)?.description == "CurvePredictivePruner: window must be >= 1, got 0"
        }
    }
}
