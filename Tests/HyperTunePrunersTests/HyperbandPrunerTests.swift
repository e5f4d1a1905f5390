import HyperTuneCore
import HyperTuneTestSupport
import Testing

@testable import HyperTunePruners

private func trial(_ number: Int, _ state: TrialState, _ steps: [Int: Double]) -> TrialRecord {
    TrialBuilder.trial(number, state: state, values: state == .complete ? [0] : nil, intermediate: steps)
}

/// Three brackets (budgets 9, 5, 3): rungs at 1, 3, 9 in bracket 0; 3, 9 in bracket 1; 9 in bracket 2.
/// In a study named "study", trials 0, 1, 4 are in bracket 0; 2, 7, 8 in bracket 1; 3, 12, 13 in
/// bracket 2 (the assignment test below pins these).
private let hyperband = HyperbandPruner(minResource: 1, maxResource: 9, reductionFactor: 3)

@Suite("HyperbandPruner")
struct HyperbandPrunerTests {
    static let cases: [PruningCase] = [
        PruningCase(
            "bracket 0, rung at step 1: worse than two of its bracket", hyperband,
            history: [trial(1, .complete, [1: 1]), trial(4, .running, [1: 2])], trial: trial(0, .running, [1: 5]), prunes: true),
        PruningCase(
            "bracket 0: trials of other brackets do not compete", hyperband,
            history: [trial(2, .complete, [1: 1]), trial(7, .running, [1: 2]), trial(3, .complete, [1: 0])],
            trial: trial(0, .running, [1: 5]), prunes: false),
        PruningCase(
            "bracket 0, maximize: better than its bracket", hyperband, direction: .maximize,
            history: [trial(1, .complete, [1: 1]), trial(4, .running, [1: 2])], trial: trial(0, .running, [1: 5]), prunes: false),
        PruningCase(
            "bracket 1: step 1 is not one of its rungs", hyperband,
            history: [trial(7, .complete, [1: 0]), trial(8, .complete, [1: 0])], trial: trial(2, .running, [1: 9]), prunes: false),
        PruningCase(
            "bracket 1: its first rung is at step 3", hyperband,
            history: [trial(7, .complete, [3: 0]), trial(8, .complete, [3: 0])], trial: trial(2, .running, [1: 9, 3: 9]), prunes: true),
        PruningCase(
            "bracket 2: step 3 is not one of its rungs", hyperband,
            history: [trial(12, .complete, [3: 0]), trial(13, .complete, [3: 0])], trial: trial(3, .running, [3: 9]), prunes: false),
        PruningCase(
            "bracket 2: its only rung is at step 9", hyperband,
            history: [trial(12, .complete, [9: 0]), trial(13, .complete, [9: 0])], trial: trial(3, .running, [9: 9]), prunes: true),
        PruningCase("NaN at a rung step prunes", hyperband, history: [], trial: trial(0, .running, [1: .nan]), prunes: true),
        PruningCase(
            "auto: nothing is pruned before a trial completes", HyperbandPruner(minResource: 1, reductionFactor: 3),
            history: [trial(1, .running, [1: 1]), trial(4, .pruned, [1: 2])], trial: trial(0, .running, [1: 5]), prunes: false),
        PruningCase(
            "auto: a complete trial of 9 steps gives the same brackets as maxResource 9",
            HyperbandPruner(minResource: 1, reductionFactor: 3),
            history: [TrialBuilder.completeCurve(1, Array(repeating: 1, count: 9)), trial(4, .running, [1: 2])],
            trial: trial(0, .running, [1: 5]), prunes: true),
    ]

    @Test("decisions on hand-made histories", arguments: cases)
    func decisions(_ row: PruningCase) {
        #expect(row.decision == row.expected)
    }

    @Test(
        "trial budgets: ⌈S·η^s/(s+1)⌉ per bracket, S counted exactly",
        arguments: [
            (1, 81, 3, [81, 34, 15, 8, 5]), (1, 27, 3, [27, 12, 6, 4]), (1, 9, 3, [9, 5, 3]), (2, 17, 2, [8, 6, 4, 4]),
            (1, 1, 3, [1]), (1, 2, 3, [1]), (1, 3, 3, [3, 2]),
        ])
    func budgets(_ minResource: Int, _ maxResource: Int, _ eta: Int, _ expected: [Int]) {
        let pruner = HyperbandPruner(minResource: minResource, maxResource: maxResource, reductionFactor: eta)
        #expect(pruner.trialBudgets(maxResource: maxResource) == expected)
    }

    @Test("243 = 3^5 steps make 6 brackets (floating-point logarithms would give 5)")
    func exactBracketCount() {
        #expect(HyperbandPruner(minResource: 1, maxResource: 243, reductionFactor: 3).trialBudgets(maxResource: 243).count == 6)
    }

    @Test("the assignment is a fixed function of the study name and trial number (Optuna's)")
    func deterministic() {
        // Optuna 5.0's `HyperbandPruner._get_bracket_id` for trials 0..<30 of a study named like this.
        let golden: [(String, Int, Int, [Int])] = [
            ("study", 1, 81, [1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2, 0, 1, 0, 1, 0, 0, 1, 0, 2, 1, 1, 0, 0, 0, 3]),
            ("study", 1, 9, [0, 0, 1, 2, 0, 0, 0, 1, 1, 0, 0, 1, 2, 2, 0, 1, 1, 1, 0, 0, 0, 0, 1, 0, 0, 2, 1, 2, 2, 2]),
            ("golden", 1, 27, [1, 3, 0, 1, 2, 0, 0, 2, 3, 0, 1, 2, 1, 1, 0, 1, 2, 0, 1, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0]),
        ]
        for (name, minResource, maxResource, expected) in golden {
            let pruner = HyperbandPruner(minResource: minResource, maxResource: maxResource, reductionFactor: 3)
            let brackets = (0..<30).map { pruner.bracket(ofTrial: $0, studyName: name, maxResource: maxResource) }
            #expect(brackets == expected, "\(name), max resource \(maxResource)")
            let study = StudySnapshot(studyName: name, directions: [.minimize], finished: TrialHistory([]))
            let viaRecord = (0..<30).map { pruner.bracket(of: TrialBuilder.trial($0, state: .running), in: study) }
            #expect(viaRecord == expected.map { Optional($0) })
        }
        let auto = HyperbandPruner()
        #expect(auto.bracket(of: TrialBuilder.trial(0, state: .running), in: TrialBuilder.snapshot([])) == nil)
    }

    @Test(
        "bracket frequencies are proportional to the budgets (chi-square over 6,000 trials)",
        arguments: [(1, 81, 3), (1, 27, 3), (1, 16, 2)])
    func proportional(_ minResource: Int, _ maxResource: Int, _ eta: Int) {
        // Under a uniformly random assignment the statistic is chi-square with S - 1 degrees of
        // freedom; the bounds are its 99.99% quantiles, so a fair assignment fails one of these 9
        // checks with probability about 0.1%. The hash is fixed, so the outcome is too.
        let quantile9999: [Int: Double] = [1: 15.137, 2: 18.421, 3: 21.108, 4: 23.513, 5: 25.745]
        let pruner = HyperbandPruner(minResource: minResource, maxResource: maxResource, reductionFactor: eta)
        let budgets = pruner.trialBudgets(maxResource: maxResource)
        let total = Double(budgets.reduce(0, +))
        let trials = 6_000
        for name in ["study", "study-3fa9c0", "proportions"] {
            var counts = Array(repeating: 0, count: budgets.count)
            for number in 0..<trials {
                counts[pruner.bracket(ofTrial: number, studyName: name, maxResource: maxResource)] += 1
            }
            var statistic = 0.0
            for (count, budget) in zip(counts, budgets) {
                let expected = Double(trials) * Double(budget) / total
                statistic += (Double(count) - expected) * (Double(count) - expected) / expected
            }
            let bound = try! #require(quantile9999[budgets.count - 1])
            #expect(statistic < bound, "\(name): counts \(counts) for budgets \(budgets)")
            #expect(counts.allSatisfy { $0 > 0 })
        }
    }

    @Test("the sampler sees exactly the trials of the new trial's bracket, finished or not")
    func samplerView() throws {
        let finished = (0..<40).map { TrialBuilder.completeCurve($0, [1]) }
        let unfinished = (40..<50).map { TrialBuilder.runningCurve($0, [1]) }
        let study = TrialBuilder.snapshot(finished + unfinished)
        for number in [50, 51, 52, 53] {
            let newTrial = TrialBuilder.trial(number, state: .running)
            let bracket = try #require(hyperband.bracket(of: newTrial, in: study))
            let view = hyperband.samplerView(of: study, for: newTrial)
            let expected = (0..<50).filter { hyperband.bracket(ofTrial: $0, studyName: "study", maxResource: 9) == bracket }
            #expect(view.trials().map(\.number) == expected)
            #expect(!expected.isEmpty && expected.count < 50)
            #expect(view.studyName == study.studyName)
        }
    }

    @Test("auto: before any trial completes, the sampler sees the whole study")
    func autoSamplerView() {
        let study = TrialBuilder.snapshot((0..<10).map { TrialBuilder.trial($0, state: .pruned, intermediate: [0: 1]) })
        let auto = HyperbandPruner()
        #expect(auto.resolvedMaxResource(in: study) == nil)
        #expect(auto.samplerView(of: study, for: TrialBuilder.trial(10, state: .running)).trialCount == 10)
        let withComplete = TrialBuilder.snapshot([TrialBuilder.completeCurve(0, Array(repeating: 1, count: 81))])
        #expect(auto.resolvedMaxResource(in: withComplete) == 81)
        #expect(auto.minResource == 1 && auto.reductionFactor == 3 && auto.bootstrapCount == 0)
    }

    @Test("options out of range are errors naming them")
    func invalidOptions() async {
        await expectRejected(HyperbandPruner(minResource: 0), parameter: "minResource")
        await expectRejected(HyperbandPruner(minResource: 3, maxResource: 2), parameter: "maxResource")
        await expectRejected(HyperbandPruner(reductionFactor: 1), parameter: "reductionFactor")
        await expectRejected(HyperbandPruner(bootstrapCount: 1), parameter: "bootstrapCount")  // with an auto maxResource
    }

    @Test("an invalid pruner used without validation stops the program rather than answer (its view, its decisions)")
    func unvalidatedUseTraps() async {
        await #expect(processExitsWith: .failure) {
            let study = StudySnapshot(
                studyName: "study", directions: [.minimize], trials: [TrialRecord(number: 0, state: .complete, values: [1])])
            _ = HyperbandPruner(reductionFactor: 1).samplerView(of: study, for: TrialRecord(number: 1, state: .running))
        }
    }

    @Test("successive views of a bracket are prefixes of one another under one lineage")
    func stableBracketViews() {
        let pruner = HyperbandPruner(minResource: 1, maxResource: 27, reductionFactor: 3)
        var log = TrialLog()
        var previous: [Int: TrialHistory] = [:]
        for number in 0..<120 {
            log.append(TrialBuilder.trial(number, state: .complete, values: [Double(number)], intermediate: [26: 1]))
            let snapshot = StudySnapshot(studyName: "views", directions: [.minimize], finished: log.history)
            let next = TrialRecord(number: number + 1, state: .running)
            let view = pruner.samplerView(of: snapshot, for: next)
            let bracket = pruner.bracket(of: next, in: snapshot)!
            // The view holds exactly the bracket's finished trials, in finishing order.
            #expect(
                view.finished.map(\.number) == snapshot.finished.filter { pruner.bracket(of: $0, in: snapshot) == bracket }.map(\.number))
            if let earlier = previous[bracket] {
                #expect(view.finished.lineage == earlier.lineage)
                #expect(Array(view.finished.prefix(earlier.count)).map(\.number) == earlier.map(\.number))
            }
            previous[bracket] = view.finished
        }
        #expect(previous.count > 1)
    }

    @Test("maxResource may be maxResourceLimit, not more")
    func maxResourceLimit() async throws {
        try HyperbandPruner(minResource: 1, maxResource: HyperbandPruner.maxResourceLimit).validate()
        await expectRejected(HyperbandPruner(minResource: 1, maxResource: HyperbandPruner.maxResourceLimit + 1), parameter: "maxResource")
    }
}
