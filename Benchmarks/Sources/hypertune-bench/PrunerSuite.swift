import Foundation
import HyperTune
import HyperTuneProblems
import Synchronization

/// The `pruners` suite: each pruner on each learning-curve family (``LearningCurveFamily``), over
/// several seeds, in three modes:
///
/// - `trials`: 100 trials per run (the no-pruning run trains all 100 to the end);
/// - `budget-40`, `budget-60`: trials while 40% (60%) of the no-pruning run's steps are not spent:
///   a new trial starts only when a full-length trial would still fit in the budget, so a run never
///   exceeds it (and at most 3,000 trials).
///
/// Each run is one sequential study (concurrency 1) named `curves-<seed>`, so Hyperband's brackets
/// match Optuna's. By default (`--sampler streams`) trial n's curve comes from the family's own
/// random search (``LearningCurveFamily/curve(seed:trial:)``): identical for every pruner and for
/// the Optuna peer, and no sampler is involved. With `--sampler tpe` (any name of
/// ``SamplerRegistry``) the trial asks that sampler for the family's parameters instead
/// (``LearningCurveFamily/curve(suggestedBy:seed:)``); the peer has no counterpart for that.
/// A trial reports its curve step by step, asking the pruner after each report; the steps it
/// consumed are the steps it reported. Regret is the final value of the best complete trial (best
/// by its last reported value) minus the family's optimum (``LearningCurveFamily/regret(_:)``).
enum PrunerSuite {
    static let allModes = ["trials", "budget-40", "budget-60"]
    static let trialCap = 3_000
    /// The `--sampler` name of the families' own random search.
    static let streams = "streams"

    static func modes(_ names: [String]?) throws -> [String] {
        guard let names else { return allModes }
        for name in names where !allModes.contains(name) {
            throw UsageError("unknown mode \(name); known: \(allModes.joined(separator: ", "))")
        }
        return names
    }

    /// Runs every pruner in every mode for every seed, family by family.
    static func run(
        families: [LearningCurveFamily], pruners: [PrunerRegistry.Entry], modes: [String], sampler: SamplerRegistry.Entry?,
        seeds: [Int], trials: Int
    ) async throws -> Report.Pruners {
        var runs: [Report.PrunerRun] = []
        for family in families {
            for mode in modes {
                for pruner in pruners {
                    let clock = ContinuousClock()
                    let start = clock.now
                    for seed in seeds {
                        runs.append(try await run(family, pruner, sampler: sampler, mode: mode, seed: seed, trials: trials))
                    }
                    progress("\(family.name) \(sampler?.name ?? streams) \(mode) \(pruner.name): \(clock.now - start)")
                }
            }
        }
        return Report.Pruners(
            trialsPerRun: trials, trialCap: trialCap,
            families: families.map { Report.PrunerFamily(name: $0.name, steps: $0.steps, optimumValue: $0.optimumValue) },
            runs: runs)
    }

    /// One study.
    static func run(
        _ family: LearningCurveFamily, _ pruner: PrunerRegistry.Entry, sampler: SamplerRegistry.Entry?, mode: String, seed: Int,
        trials: Int
    ) async throws -> Report.PrunerRun {
        let steps = family.steps
        var budget: Int?
        var nTrials = trials
        if let percent = Int(mode.dropFirst("budget-".count)), mode.hasPrefix("budget-") {
            budget = percent * trials * steps / 100
            nTrials = trialCap
        }
        let study = try await Study.create(
            name: "curves-\(seed)", direction: .minimize, sampler: sampler?.make(seed) ?? RandomSampler(seed: seed),
            pruner: pruner.make(steps), storage: InMemoryStorage())
        let consumed = Mutex(0)
        let stopAt = budget
        try await study.optimize(
            nTrials: nTrials,
            callbacks: [
                { study, trial in
                    let total = consumed.withLock { total in
                        total += trial.intermediateValues.count
                        return total
                    }
                    // Start no trial that could overrun the budget: a run never exceeds it.
                    if let stopAt, total + steps > stopAt { study.stop() }
                }
            ]
        ) { trial in
            let curve = sampler == nil ? family.curve(seed: seed, trial: trial.number) : try family.curve(suggestedBy: trial, seed: seed)
            for (step, value) in curve.values.enumerated() {
                try await trial.report(value, step: step)
                if try await trial.shouldPrune() { throw TrialPruned() }
            }
            return curve.values[steps - 1]
        }
        let all = try await study.trials
        let prunedAt = all.map { $0.state == .pruned ? ($0.lastStep ?? -1) : -1 }
        var run = Report.PrunerRun(
            family: family.name, sampler: sampler?.name ?? streams, pruner: pruner.name, mode: mode, seed: seed,
            trials: all.count, pruned: all.filter { $0.state == .pruned }.count, steps: consumed.withLock { $0 },
            decisions: digest(prunedAt))
        if let best = try? await study.bestTrial {
            let curve =
                sampler == nil
                ? family.curve(seed: seed, trial: best.number)
                : try await family.curve(at: best.params, trialNumber: best.number, seed: seed)
            run.bestTrial = best.number
            run.bestValue = best.value
            run.regret = family.regret(curve)
        }
        return run
    }

    /// FNV-1a (64-bit) of the comma-joined decimal steps, in hexadecimal (the peer computes the same).
    static func digest(_ prunedAt: [Int]) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in prunedAt.map(String.init).joined(separator: ",").utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    // MARK: Tables

    /// Markdown tables of the reports' pruner runs: per family and sampler, one table per mode,
    /// HyperTune's runs beside each peer's runs of the same family and sampler.
    static func render(_ reports: [Report]) -> [String] {
        let runs = reports.flatMap { report in (report.pruners?.runs ?? []).map { (library: report.library, run: $0) } }
        let peers = unique(runs.map(\.library)).filter { $0 != "HyperTune" }
        let (trialsPerRun, prunerOrder, groups) = groupsOfOurRuns(reports)
        var lines: [String] = []
        for (family, steps, sampler, mine) in groups {
            let fullSteps = Double(trialsPerRun * steps)
            let theirs = peers.map { peer in
                (peer, runs.filter { $0.library == peer && $0.run.family == family && $0.run.sampler == sampler }.map(\.run))
            }
            .filter { !$0.1.isEmpty }
            let reference = Dictionary(grouping: mine.filter { $0.mode == "trials" && $0.pruner == "none" }, by: \.seed)
            let seeds = Set(mine.map(\.seed)).count
            let search = describe(sampler)
            for mode in allModes where mine.contains(where: { $0.mode == mode }) {
                lines.append("")
                let what =
                    mode == "trials"
                    ? "\(trialsPerRun) trials per run"
                    : "a budget of \(mode.dropFirst("budget-".count))% of the no-pruning steps"
                lines.append("**\(family), \(search): \(what)** (\(seeds) seeds)")
                lines.append("")
                var header = "| pruner | HyperTune steps | HyperTune trials | HyperTune regret (mean ± s.e.) | regret ≤ none's |"
                var rule = "|---|--:|--:|--:|--:|"
                for (peer, _) in theirs {
                    header += " \(peer) steps | \(peer) regret | same decisions |"
                    rule += "--:|--:|--:|"
                }
                lines.append(header)
                lines.append(rule)
                for pruner in prunerOrder {
                    let rows = mine.filter { $0.mode == mode && $0.pruner == pruner }.sorted { $0.seed < $1.seed }
                    guard !rows.isEmpty else { continue }
                    let noWorse = rows.filter { run in
                        guard let regret = run.regret, let base = reference[run.seed]?.first?.regret else { return false }
                        return regret <= base
                    }.count
                    var line =
                        "| \(pruner) | \(percentOfSteps(rows, fullSteps)) | \(meanTrials(rows)) | \(regretSummary(rows)) | \(noWorse)/\(rows.count) |"
                    for (_, peerRuns) in theirs {
                        let other = peerRuns.filter { $0.mode == mode && $0.pruner == pruner }.sorted { $0.seed < $1.seed }
                        guard !other.isEmpty else {
                            line += " – | – | – |"
                            continue
                        }
                        let same = zip(rows, other).filter {
                            $0.seed == $1.seed && $0.decisions == $1.decisions && $0.steps == $1.steps && $0.bestTrial == $1.bestTrial
                        }.count
                        line += " \(percentOfSteps(other, fullSteps)) | \(regretSummary(other)) | \(same)/\(other.count) |"
                    }
                    lines.append(line)
                }
            }
        }
        return lines
    }

    /// One compact table per family and sampler of HyperTune's runs: for each pruner and mode, the
    /// seed-by-seed difference between the run's regret and the regret of the no-pruning run of the
    /// full trial count with the same seed (negative: the pruned run ended better). With many seeds
    /// the standard error says whether a pruner is truly better, the same or worse than no pruning.
    static func renderPaired(_ reports: [Report]) -> [String] {
        let (trialsPerRun, prunerOrder, groups) = groupsOfOurRuns(reports)
        var lines: [String] = []
        for (family, steps, sampler, mine) in groups {
            let reference = Dictionary(grouping: mine.filter { $0.mode == "trials" && $0.pruner == "none" }, by: \.seed)
                .compactMapValues { $0.first?.regret }
            let search = describe(sampler)
            lines.append("")
            lines.append(
                "**\(family), \(search): regret minus no pruning's (\(trialsPerRun) trials), seed by seed** (\(reference.count) seeds)")
            lines.append("")
            lines.append("| pruner | mode | steps | trials | difference (mean ± s.e.) | seeds ≤ none's |")
            lines.append("|---|---|--:|--:|--:|--:|")
            for pruner in prunerOrder {
                for mode in allModes where !(pruner == "none" && mode == "trials") {
                    let rows = mine.filter { $0.mode == mode && $0.pruner == pruner }
                    let differences = rows.compactMap { run in run.regret.flatMap { regret in reference[run.seed].map { regret - $0 } } }
                    guard !differences.isEmpty else { continue }
                    let noWorse = differences.filter { $0 <= 0 }.count
                    lines.append(
                        "| \(pruner) | \(mode) | \(percentOfSteps(rows, Double(trialsPerRun * steps))) | \(meanTrials(rows)) | "
                            + String(format: "%+.5f ± %.5f", mean(differences), standardError(differences))
                            + " | \(noWorse)/\(differences.count) |")
                }
            }
        }
        return lines
    }

    /// HyperTune's pruner runs in the reports, grouped by family (with its run length) and sampler in
    /// the order they appear; with the trials per run and the order of the pruners' rows.
    private static func groupsOfOurRuns(
        _ reports: [Report]
    ) -> (trialsPerRun: Int, prunerOrder: [String], groups: [(family: String, steps: Int, sampler: String, runs: [Report.PrunerRun])]) {
        let ours = reports.filter { $0.library == "HyperTune" }.flatMap { $0.pruners?.runs ?? [] }
        let families = reports.flatMap { $0.pruners?.families ?? [] }
        var groups: [(family: String, steps: Int, sampler: String, runs: [Report.PrunerRun])] = []
        for family in unique(ours.map(\.family)) {
            guard let steps = families.first(where: { $0.name == family })?.steps else { continue }
            for sampler in unique(ours.filter { $0.family == family }.map(\.sampler)) {
                groups.append((family, steps, sampler, ours.filter { $0.family == family && $0.sampler == sampler }))
            }
        }
        return (
            reports.compactMap { $0.pruners?.trialsPerRun }.first ?? 100, unique(PrunerRegistry.entries.map(\.name) + ours.map(\.pruner)),
            groups
        )
    }

    private static func describe(_ sampler: String) -> String {
        sampler == streams ? "random search through the family's streams" : "HyperTune's \(sampler) sampler"
    }

    private static func percentOfSteps(_ runs: [Report.PrunerRun], _ fullSteps: Double) -> String {
        String(format: "%.1f%%", 100 * mean(runs.map { Double($0.steps) }) / fullSteps)
    }

    private static func meanTrials(_ runs: [Report.PrunerRun]) -> String {
        String(format: "%.0f", mean(runs.map { Double($0.trials) }))
    }

    private static func regretSummary(_ runs: [Report.PrunerRun]) -> String {
        let regrets = runs.compactMap(\.regret)
        guard !regrets.isEmpty else { return "–" }
        return String(format: "%.4f ± %.4f", mean(regrets), standardError(regrets))
    }
}

extension Report {
    /// The pruner suite's results.
    struct Pruners: Codable {
        var trialsPerRun: Int
        var trialCap: Int
        var families: [PrunerFamily]
        var runs: [PrunerRun]
    }

    struct PrunerFamily: Codable {
        var name: String
        var steps: Int
        var optimumValue: Double
    }

    struct PrunerRun: Codable {
        var family: String
        /// `streams` (the family's own random search) or the name of a sampler of the registry.
        var sampler: String
        var pruner: String
        var mode: String
        var seed: Int
        var trials: Int
        var pruned: Int
        var steps: Int
        var bestTrial: Int?
        var bestValue: Double?
        var regret: Double?
        /// FNV-1a (64-bit, hex) of the comma-joined step at which each trial was pruned (-1: not).
        var decisions: String
    }
}
