import HyperTuneCore
import HyperTunePruners
import HyperTuneStudyTestSupport
import HyperTuneTestSupport
import Testing

private func running(_ values: [Double]) -> TrialRecord { TrialBuilder.runningCurve(0, values) }

@Suite("ThresholdPruner")
struct ThresholdPrunerTests {
    static let cases: [PruningCase] = [
        PruningCase("above the upper bound", ThresholdPruner(upper: 10), history: [], trial: running([11]), prunes: true),
        PruningCase("at the upper bound", ThresholdPruner(upper: 10), history: [], trial: running([10]), prunes: false),
        PruningCase(
            "below the lower bound", ThresholdPruner(lower: 0.5), direction: .maximize, history: [], trial: running([0.4]), prunes: true),
        PruningCase(
            "above the lower bound", ThresholdPruner(lower: 0.5), direction: .maximize, history: [], trial: running([0.6]), prunes: false),
        PruningCase("both bounds: below", ThresholdPruner(lower: 0, upper: 1), history: [], trial: running([-0.1]), prunes: true),
        PruningCase("both bounds: above", ThresholdPruner(lower: 0, upper: 1), history: [], trial: running([1.1]), prunes: true),
        PruningCase("both bounds: inside", ThresholdPruner(lower: 0, upper: 1), history: [], trial: running([0.5]), prunes: false),
        PruningCase(
            "the bounds are on raw values whatever the direction", ThresholdPruner(upper: 10), direction: .maximize, history: [],
            trial: running([11]), prunes: true),
        PruningCase("NaN prunes", ThresholdPruner(upper: 10), history: [], trial: running([.nan]), prunes: true),
        PruningCase(
            "the last value counts: it left the range", ThresholdPruner(upper: 10), history: [], trial: running([1, 11]), prunes: true),
        PruningCase(
            "the last value counts: it came back", ThresholdPruner(upper: 10), history: [], trial: running([11, 1]), prunes: false),
        PruningCase(
            "before the warm-up", ThresholdPruner(upper: 10, warmupSteps: 2), history: [], trial: running([99, 99]), prunes: false),
        PruningCase(
            "at the end of the warm-up", ThresholdPruner(upper: 10, warmupSteps: 2), history: [], trial: running([99, 99, 99]), prunes: true
        ),
        PruningCase(
            "interval 2: step 1 is not a checkpoint", ThresholdPruner(upper: 10, intervalSteps: 2), history: [], trial: running([1, 99]),
            prunes: false),
        PruningCase(
            "interval 2: step 2 is a checkpoint", ThresholdPruner(upper: 10, intervalSteps: 2), history: [], trial: running([1, 1, 99]),
            prunes: true),
        PruningCase("nothing reported", ThresholdPruner(upper: 10), history: [], trial: running([]), prunes: false),
        PruningCase(
            "other trials play no part", ThresholdPruner(upper: 10),
            history: (1...5).map { TrialBuilder.completeCurve($0, [100]) }, trial: running([5]), prunes: false),
    ]

    @Test("decisions on hand-made histories", arguments: cases)
    func decisions(_ row: PruningCase) {
        #expect(row.decision == row.expected)
    }

    @Test("missing bounds are infinite")
    func bounds() {
        #expect(ThresholdPruner(upper: 1).lower == -.infinity)
        #expect(ThresholdPruner(lower: 1).upper == .infinity)
    }

    @Test("invalid bounds are errors naming them")
    func invalidOptions() async {
        await expectRejected(ThresholdPruner(), parameter: "lower")
        await expectRejected(ThresholdPruner(lower: 2, upper: 1), parameter: "lower")
        await expectRejected(ThresholdPruner(lower: .nan), parameter: "lower")
        await expectRejected(ThresholdPruner(upper: 1, warmupSteps: -1), parameter: "warmupSteps")
    }
}
