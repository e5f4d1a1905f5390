import Foundation
import HyperTune
import Testing

/// Golden trials: for every sampler and every pruner, a seeded study at concurrency 1 gives exactly
/// the trials recorded in `Golden/<case>.txt` (parameters and values as IEEE bit patterns, states,
/// intermediate values). Written before the house-keeping refactor (issue 15) so that a refactor that
/// changes behaviour fails here. Regenerate only for a deliberate change of behaviour, with
/// `HYPERTUNE_REGENERATE_GOLDEN=1 swift test --filter GoldenTrials`, and say so in the commit.
@Suite("Golden trials")
struct GoldenTrialsTests {
    /// One golden case: a sampler, a pruner and a number of trials.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var trials: Int
        var directions: [StudyDirection] = [.minimize]
        var sampler: @Sendable () -> any Sampler
        var pruner: @Sendable () -> any Pruner = { NopPruner() }
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "random", trials: 40, sampler: { RandomSampler(seed: 3) }),
        Case(
            name: "grid", trials: 13,
            sampler: {
                GridSampler(
                    ["x": [-1, 0, 0.5], "n": [1, 3], "kind": ["a", "b"], "lr": [1e-4, 1e-2], "width": [16, 64], "s": [0.5]],
                    seed: 4)
            }),
        Case(name: "tpe", trials: 40, sampler: { TPESampler(seed: 5) }),
        Case(name: "tpe-independent", trials: 40, sampler: { TPESampler(seed: 6, multivariate: false) }),
        Case(
            name: "tpe-ungrouped-no-liar", trials: 40,
            sampler: { TPESampler(seed: 7, startupTrials: 5, multivariate: true, group: false, constantLiar: false) }),
        Case(name: "tpe-multi-objective", trials: 40, directions: [.minimize, .maximize], sampler: { TPESampler(seed: 8) }),
        Case(name: "gp", trials: 16, sampler: { GPSampler(seed: 9, startupTrials: 8, candidates: 128, localSearchStarts: 2) }),
        Case(
            name: "random+median", trials: 30, sampler: { RandomSampler(seed: 10) },
            pruner: { MedianPruner(startupTrials: 3, warmupSteps: 1) }),
        Case(
            name: "random+percentile", trials: 30, sampler: { RandomSampler(seed: 11) }, pruner: { PercentilePruner(25, startupTrials: 3) }),
        Case(
            name: "random+successive-halving", trials: 30, sampler: { RandomSampler(seed: 12) },
            pruner: { SuccessiveHalvingPruner(minResource: 1, reductionFactor: 3) }),
        Case(
            name: "tpe+hyperband", trials: 30, sampler: { TPESampler(seed: 13, startupTrials: 5) },
            pruner: { HyperbandPruner(minResource: 1, maxResource: 8, reductionFactor: 3) }),
        Case(name: "random+threshold", trials: 30, sampler: { RandomSampler(seed: 14) }, pruner: { ThresholdPruner(upper: 3.5) }),
        Case(
            name: "random+patient", trials: 30, sampler: { RandomSampler(seed: 15) },
            pruner: { PatientPruner(MedianPruner(startupTrials: 3), patience: 1) }),
        Case(
            name: "random+curve-predictive", trials: 30, sampler: { RandomSampler(seed: 16) },
            pruner: { CurvePredictivePruner(neighbours: 3, window: 2, startupTrials: 4) }),
        Case(
            name: "tpe+median", trials: 30, sampler: { TPESampler(seed: 17, startupTrials: 5) }, pruner: { MedianPruner(startupTrials: 3) }),
    ]

    /// A conditional, mixed search space with learning curves: every distribution kind appears. Only
    /// IEEE arithmetic (no libm), so the golden values hold on every platform.
    @Sendable static func objective(_ trial: Trial) async throws -> [Double] {
        let x = try trial.suggestFloat("x", in: -1...1)
        let lr = try trial.suggestFloat("lr", in: 1e-4...1e-2, log: true)
        let s = try trial.suggestFloat("s", in: 0...2, step: 0.5)
        let n = try trial.suggestInt("n", in: 1...3)
        let kind = try trial.suggestCategorical("kind", ["a", "b"])
        let width = kind == "b" ? Double(try trial.suggestInt("width", in: 16...64, log: true)) : 32
        let final = x * x + abs(lr - 1e-3) * 300 + s + Double(n) / 3 + width / 64
        for step in 0..<8 {
            try await trial.report(
                final + 2 / Double(step + 1) * (1 + x) + 0.6 * ((Double(step) * 0.37 + x + 1).truncatingRemainder(dividingBy: 1) - 0.5),
                step: step)
            if try await trial.shouldPrune() { throw TrialPruned() }
        }
        return [final, Double(n) - x]
    }

    static func hex(_ value: Double) -> String { String(value.bitPattern, radix: 16) }

    /// The trials of one case, one line each, in a form that changes with any bit of any value.
    static func render(_ c: Case) async throws -> String {
        let study = try await Study.create(
            name: "golden-\(c.name)", directions: c.directions, sampler: c.sampler(), pruner: c.pruner())
        if c.directions.count == 1 {
            try await study.optimize(nTrials: c.trials) { trial in try await objective(trial)[0] }
        } else {
            try await study.optimize(nTrials: c.trials) { trial in try await objective(trial) }
        }
        var lines = ["# \(c.name)"]
        for trial in try await study.trials {
            let values = (trial.values ?? []).map(hex).joined(separator: ",")
            let params = trial.parameters.keys.sorted().map { name in
                "\(name)=\(hex(trial.parameters[name]!.internalValue))"
            }.joined(separator: " ")
            let steps = trial.intermediateValues.keys.sorted().map { "\($0):\(hex(trial.intermediateValues[$0]!))" }
            lines.append("\(trial.number) \(trial.state) [\(values)] \(params) | \(steps.joined(separator: " "))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func golden(_ name: String) -> URL { goldenDirectory.appendingPathComponent("\(name).txt") }

    @Test("the same seeds give the same trials as recorded", arguments: cases)
    func sameTrials(_ c: Case) async throws {
        let rendered = try await Self.render(c)
        let file = Self.golden(c.name)
        if ProcessInfo.processInfo.environment["HYPERTUNE_REGENERATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Self.goldenDirectory, withIntermediateDirectories: true)
            try rendered.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let recorded = try String(contentsOf: file, encoding: .utf8)
        let got = rendered.split(separator: "\n", omittingEmptySubsequences: false)
        let want = recorded.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(got.count == want.count, "\(c.name): \(got.count) lines, golden has \(want.count)")
        if let first = zip(got, want).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
            Issue.record("\(c.name): line \(first + 1) differs\n got: \(got[first])\nwant: \(want[first])")
        }
    }

    @Test("a rendered run changes when one trial's value changes (the golden check can fail)")
    func renderDetectsChange() async throws {
        let c = Self.cases[0]
        let a = try await Self.render(c)
        let b = try await Self.render(Case(name: c.name, trials: c.trials, sampler: { RandomSampler(seed: 4) }))
        #expect(a != b)
    }
}
