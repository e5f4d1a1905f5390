import HyperTuneCore
import HyperTunePruners
import HyperTuneStudyTestSupport
import HyperTuneTestSupport
import Testing

private func running(_ values: [Double]) -> TrialRecord { TrialBuilder.runningCurve(0, values) }

@Suite("PatientPruner")
struct PatientPrunerTests {
    static let cases: [PruningCase] = [
        PruningCase("still improving", PatientPruner(nil, patience: 2), history: [], trial: running([5, 4, 3, 3, 3]), prunes: false),
        PruningCase(
            "the last 3 values are all worse than the best before them", PatientPruner(nil, patience: 2), history: [],
            trial: running([3, 4, 5, 6]), prunes: true),
        PruningCase(
            "too few steps to judge (patience + 1)", PatientPruner(nil, patience: 2), history: [], trial: running([3, 4, 5]), prunes: false),
        PruningCase(
            "a plateau is not a loss of patience", PatientPruner(nil, patience: 2), history: [], trial: running([3, 3, 3, 3]), prunes: false
        ),
        PruningCase(
            "minDelta tolerates a small worsening", PatientPruner(nil, patience: 2, minDelta: 1.5), history: [],
            trial: running([3, 4, 5, 6]), prunes: false),
        PruningCase(
            "a worsening beyond minDelta", PatientPruner(nil, patience: 2, minDelta: 0.5), history: [], trial: running([3, 4, 5, 6]),
            prunes: true),
        PruningCase(
            "maximize: falling values lose patience", PatientPruner(nil, patience: 2), direction: .maximize, history: [],
            trial: running([6, 5, 4, 3]), prunes: true),
        PruningCase(
            "maximize: rising values are patient", PatientPruner(nil, patience: 2), direction: .maximize, history: [],
            trial: running([3, 4, 5, 6]), prunes: false),
        PruningCase(
            "patience 0: the last value alone", PatientPruner(nil, patience: 0), history: [], trial: running([3, 4]), prunes: true),
        PruningCase(
            "NaN: recent values all NaN", PatientPruner(nil, patience: 2), history: [], trial: running([3, .nan, .nan, .nan]), prunes: false
        ),
        PruningCase(
            "NaN: earlier values all NaN", PatientPruner(nil, patience: 2), history: [], trial: running([.nan, 4, 5, 6]), prunes: false),
        PruningCase(
            "NaN values are skipped", PatientPruner(nil, patience: 2), history: [], trial: running([3, .nan, 4, 5, .nan]), prunes: true),
        PruningCase(
            "steps are ordered by step, not by report", PatientPruner(nil, patience: 1), history: [],
            trial: TrialBuilder.trial(0, state: .running, intermediate: [10: 9, 2: 1, 5: 9]), prunes: true),
        PruningCase(
            "lost patience, and the wrapped pruner agrees", PatientPruner(ThresholdPruner(upper: 4.5), patience: 1), history: [],
            trial: running([3, 4, 5]), prunes: true),
        PruningCase(
            "lost patience, but the wrapped pruner keeps it", PatientPruner(ThresholdPruner(upper: 100), patience: 1), history: [],
            trial: running([3, 4, 5]), prunes: false),
        PruningCase(
            "improving: the wrapped pruner is not asked", PatientPruner(ThresholdPruner(upper: 1), patience: 1), history: [],
            trial: running([5, 4, 3]), prunes: false),
    ]

    @Test("decisions on hand-made histories", arguments: cases)
    func decisions(_ row: PruningCase) {
        #expect(row.decision == row.expected)
    }

    @Test("the sampler view is the wrapped pruner's")
    func samplerView() {
        let hyperband = HyperbandPruner(minResource: 1, maxResource: 9, reductionFactor: 3)
        let trials = (0..<30).map { TrialBuilder.completeCurve($0, [1]) }
        let study = TrialBuilder.snapshot(trials)
        let trial = TrialBuilder.trial(30, state: .running)
        let direct = hyperband.samplerView(of: study, for: trial).trials().map(\.number)
        let wrapped = PatientPruner(hyperband, patience: 1).samplerView(of: study, for: trial).trials().map(\.number)
        #expect(wrapped == direct)
        #expect(direct.count < 30)
        #expect(PatientPruner(nil, patience: 1).samplerView(of: study, for: trial).trialCount == 30)
    }

    @Test("a negative patience or delta is an error naming it, as is the wrapped pruner's")
    func invalidOptions() async {
        await expectRejected(PatientPruner(nil, patience: -1), parameter: "patience")
        await expectRejected(PatientPruner(nil, patience: 1, minDelta: -0.1), parameter: "minDelta")
        await expectRejected(PatientPruner(MedianPruner(warmupSteps: -2), patience: 1), parameter: "warmupSteps")
    }
}
