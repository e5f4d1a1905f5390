import HyperTuneCore
import HyperTunePruners
import HyperTuneStudyTestSupport
import HyperTuneTestSupport
import Testing

/// A trial with the intermediate values `steps`.
private func trial(_ number: Int, _ state: TrialState, _ steps: [Int: Double]) -> TrialRecord {
    TrialBuilder.trial(number, state: state, values: state == .complete ? [0] : nil, intermediate: steps)
}

/// Complete trials numbered from 10 that reported `values` at `step`.
private func reached(_ step: Int, _ values: [Double]) -> [TrialRecord] {
    values.enumerated().map { trial(10 + $0.offset, .complete, [step: $0.element]) }
}

/// Rungs at steps 1, 2, 4, 8: the easiest schedule to check by hand.
private let halving = SuccessiveHalvingPruner(minResource: 1, reductionFactor: 2)

@Suite("SuccessiveHalvingPruner")
struct SuccessiveHalvingPrunerTests {
    static let cases: [PruningCase] = [
        PruningCase(
            "step 0 is before the first rung", halving, history: reached(0, [1]), trial: trial(0, .running, [0: 100]), prunes: false),
        PruningCase(
            "step 3 is not a rung step", halving, history: reached(3, [1, 1, 1]),
            trial: trial(0, .running, [0: 0, 1: 0, 2: 0, 3: 100]), prunes: false),
        PruningCase("the first trial at a rung is kept", halving, history: [], trial: trial(0, .running, [0: 5, 1: 5]), prunes: false),
        PruningCase(
            "η = 2: a second arrival must be the best of the two", halving, history: reached(1, [1]),
            trial: trial(0, .running, [1: 5]), prunes: true),
        PruningCase("a tie is promoted", halving, history: reached(1, [1]), trial: trial(0, .running, [1: 1]), prunes: false),
        PruningCase(
            "5 at the rung keep the best 2: 1.5 is second", halving, history: reached(1, [1, 2, 3, 4]),
            trial: trial(0, .running, [1: 1.5]), prunes: false),
        PruningCase(
            "5 at the rung keep the best 2: 2.5 is third", halving, history: reached(1, [1, 2, 3, 4]),
            trial: trial(0, .running, [1: 2.5]), prunes: true),
        PruningCase(
            "maximize: 3.5 is second", halving, direction: .maximize, history: reached(1, [1, 2, 3, 4]),
            trial: trial(0, .running, [1: 3.5]), prunes: false),
        PruningCase(
            "maximize: 2.5 is third", halving, direction: .maximize, history: reached(1, [1, 2, 3, 4]),
            trial: trial(0, .running, [1: 2.5]), prunes: true),
        PruningCase(
            "running, pruned and failed trials at the rung all compete", halving,
            history: [
                trial(1, .complete, [1: 4]), trial(2, .running, [1: 1]), trial(3, .pruned, [1: 1.2]), trial(4, .fail, [1: 3]),
            ], trial: trial(0, .running, [1: 1.5]), prunes: true),
        PruningCase(
            "only trials that reported at the rung's step compete", halving,
            history: [
                trial(1, .pruned, [0: 1, 1: 1]), trial(2, .pruned, [0: 1, 1: 1]), trial(3, .pruned, [0: 1, 1: 1]),
                trial(4, .complete, [0: 1, 1: 1, 2: 4]),
            ], trial: trial(0, .running, [0: 9, 1: 0, 2: 3]), prunes: false),
        PruningCase("NaN at a rung step prunes", halving, history: [], trial: trial(0, .running, [0: 1, 1: .nan]), prunes: true),
        PruningCase(
            "NaN between rung steps is not judged", halving, history: [],
            trial: trial(0, .running, [0: 1, 1: 1, 2: 1, 3: .nan]), prunes: false),
        PruningCase(
            "NaN competitors are left out", halving, history: reached(1, [.nan, .nan, .nan, 1]),
            trial: trial(0, .running, [1: 2]), prunes: true),
        PruningCase(
            "early-stopping rate 1: step 1 is not a rung",
            SuccessiveHalvingPruner(minResource: 1, reductionFactor: 2, minEarlyStoppingRate: 1),
            history: reached(1, [0]), trial: trial(0, .running, [0: 9, 1: 9]), prunes: false),
        PruningCase(
            "early-stopping rate 1: step 2 is the first rung",
            SuccessiveHalvingPruner(minResource: 1, reductionFactor: 2, minEarlyStoppingRate: 1),
            history: reached(2, [0]), trial: trial(0, .running, [0: 9, 1: 9, 2: 9]), prunes: true),
        PruningCase(
            "bootstrap 3: a rung of 3 prunes even the best", SuccessiveHalvingPruner(minResource: 1, reductionFactor: 2, bootstrapCount: 3),
            history: reached(1, [5, 6]), trial: trial(0, .running, [1: 1]), prunes: true),
        PruningCase(
            "bootstrap 3: a rung of 4 promotes the best", SuccessiveHalvingPruner(minResource: 1, reductionFactor: 2, bootstrapCount: 3),
            history: reached(1, [5, 6, 7]), trial: trial(0, .running, [1: 1]), prunes: false),
        PruningCase(
            "minResource 3, η 3: rung 1 at step 9", SuccessiveHalvingPruner(minResource: 3, reductionFactor: 3),
            history: reached(9, [1, 2]), trial: trial(0, .running, [3: 0, 9: 5]), prunes: true),
        PruningCase(
            "auto: nothing is pruned before a trial completes", SuccessiveHalvingPruner(),
            history: (1...5).map { trial($0, .running, [1: 0]) }, trial: trial(0, .running, [0: 9, 1: 9]), prunes: false),
        PruningCase(
            "auto: min resource 2 from a complete trial of 300 steps, step 2 is a rung", SuccessiveHalvingPruner(),
            history: [TrialBuilder.completeCurve(1, Array(repeating: 0, count: 300))], trial: trial(0, .running, [0: 9, 1: 9, 2: 9]),
            prunes: true),
        PruningCase(
            "auto: min resource 2, step 1 is not a rung", SuccessiveHalvingPruner(),
            history: [TrialBuilder.completeCurve(1, Array(repeating: 0, count: 300))], trial: trial(0, .running, [0: 9, 1: 9]),
            prunes: false),
    ]

    @Test("decisions on hand-made histories", arguments: cases)
    func decisions(_ row: PruningCase) {
        #expect(row.decision == row.expected)
    }

    @Test("rung steps and the auto minimum resource")
    func rungs() {
        let empty = TrialBuilder.snapshot([])
        #expect(SuccessiveHalvingPruner(minResource: 1, reductionFactor: 3).rungSteps(5, in: empty) == [1, 3, 9, 27, 81])
        #expect(
            SuccessiveHalvingPruner(minResource: 2, reductionFactor: 4, minEarlyStoppingRate: 1).rungSteps(3, in: empty) == [8, 32, 128])
        let auto = SuccessiveHalvingPruner()
        #expect(auto.resolvedMinResource(in: empty) == nil)
        #expect(auto.rungSteps(3, in: empty).isEmpty)
        let failedFirst = TrialBuilder.snapshot([
            TrialBuilder.trial(0, state: .fail, intermediate: TrialBuilder.curve(Array(repeating: 0, count: 900))),
            TrialBuilder.completeCurve(1, Array(repeating: 0, count: 50)),
            TrialBuilder.completeCurve(2, Array(repeating: 0, count: 500)),
        ])
        #expect(auto.resolvedMinResource(in: failedFirst) == 1, "the first complete trial (49 steps / 100, at least 1)")
        #expect(auto.reductionFactor == 4 && auto.minEarlyStoppingRate == 0 && auto.bootstrapCount == 0)
    }

    @Test("a huge rung never overflows")
    func overflow() {
        let pruner = SuccessiveHalvingPruner(minResource: 1 << 40, reductionFactor: 1 << 20)
        let trial = TrialBuilder.trial(0, state: .running, intermediate: [Int.max: 1])
        #expect(!pruner.shouldPrune(trial, in: TrialBuilder.snapshot([trial])))
        #expect(pruner.rungSteps(3, in: TrialBuilder.snapshot([])) == [1 << 40, 1 << 60])
    }

    @Test("options out of range are errors naming them")
    func invalidOptions() async {
        await expectRejected(SuccessiveHalvingPruner(minResource: 0), parameter: "minResource")
        await expectRejected(SuccessiveHalvingPruner(reductionFactor: 1), parameter: "reductionFactor")
        await expectRejected(SuccessiveHalvingPruner(minEarlyStoppingRate: -1), parameter: "minEarlyStoppingRate")
        await expectRejected(SuccessiveHalvingPruner(bootstrapCount: 1), parameter: "bootstrapCount")  // with an auto minResource
    }
}
