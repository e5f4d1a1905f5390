import Foundation
import HyperTuneProblems

/// The short tables of `Docs/Benchmarks.md` (`table --style compact`): one comparison table per
/// sampler that HyperTune and a peer both ran (several checkpoints side by side, the rank tests
/// folded into bold cells), and one summary table of the pruner runs per family and sampler.
enum CompactTables {
    static func render(_ reports: [Report], at requested: [Int]?) -> [String] {
        var out: [String] = []
        let ours = unique(reports.filter { $0.library == "HyperTune" }.flatMap { $0.quality?.runs.map(\.sampler) ?? [] })
        for sampler in ours {
            for peer in unique(reports.map(\.library)) where peer != "HyperTune" {
                let peerHasIt = reports.contains { $0.library == peer && $0.quality?.runs.contains { $0.sampler == sampler } == true }
                if peerHasIt { out.append(contentsOf: comparison(reports, sampler: sampler, peer: peer, at: requested)) }
            }
        }
        out.append(contentsOf: overheadAndDriver(reports))
        out.append(contentsOf: prunerSummary(reports))
        while out.last == "" { out.removeLast() }
        return out
    }

    /// `Results: HyperTune 9a27a16; Optuna 5.0.0 (2026-11-22)`: the versions and the days the files were written.
    static func provenance(_ reports: [Report]) -> String {
        let versions = unique(reports.map { "\($0.library) \($0.version)" })
        let days = unique(reports.map { String($0.date.prefix(10)) }.sorted())
        return "Results: " + versions.joined(separator: "; ") + " (" + days.joined(separator: ", ") + ")"
    }

    private static func overheadAndDriver(_ reports: [Report]) -> [String] {
        // The suites' tables without their headings and captions: the page says what each table is.
        let lines = (TableSuite.overhead(reports) + TableSuite.driverOverhead(reports)).filter {
            !$0.hasPrefix("### ") && !$0.hasPrefix("Median over repeats")
        }
        var out: [String] = []
        for line in lines where !(line.isEmpty && (out.last ?? "").isEmpty) { out.append(line) }
        return out
    }

    // MARK: Quality

    /// Rows: problems; for each checkpoint, HyperTune's and the peer's mean ± s.e. of log10 regret
    /// over the seeds; a cell is bold where its side is better by a one-sided Mann-Whitney U test at
    /// α = ``TableSuite/alpha``. The last row counts the problems each side wins.
    static func comparison(_ reports: [Report], sampler: String, peer: String, at requested: [Int]?) -> [String] {
        func values(_ library: String, _ problem: String, _ checkpoint: Int) -> [Double] {
            reports.filter { $0.library == library }.flatMap { report -> [Double] in
                guard let quality = report.quality, let index = quality.checkpoints.firstIndex(of: checkpoint) else { return [] }
                return quality.runs.filter { $0.sampler == sampler && $0.problem == problem }.map {
                    BenchmarkProblem.log10Regret($0.regret[index])
                }
            }
        }
        let checkpointSets = unique(["HyperTune", peer]).map { library in
            Set(
                reports.filter { $0.library == library && $0.quality?.runs.contains { $0.sampler == sampler } == true }
                    .flatMap { $0.quality!.checkpoints })
        }
        let shared = checkpointSets.dropFirst().reduce(checkpointSets[0]) { $0.intersection($1) }.sorted()
        let checkpoints = requested.map { wanted in wanted.filter(shared.contains) } ?? shared
        let problems = BenchmarkProblem.all.map(\.name).filter { problem in
            checkpoints.contains { !values("HyperTune", problem, $0).isEmpty && !values(peer, problem, $0).isEmpty }
        }
        guard !problems.isEmpty, !checkpoints.isEmpty else { return [] }
        let seeds = Set(
            reports.flatMap { $0.quality?.runs.filter { $0.sampler == sampler && problems.contains($0.problem) }.map(\.seed) ?? [] }
        ).sorted()
        var out: [String] = []
        out.append(
            "**HyperTune \(sampler) against \(peer) \(sampler)**, seeds \(Plots.seedRange(seeds)): log10 regret, mean ± s.e.; "
                + "**bold**: better at α = \(TableSuite.alpha) (one-sided Mann-Whitney U)")
        out.append("")
        out.append("| problem | " + checkpoints.map { "HyperTune, \($0) | \(peer), \($0)" }.joined(separator: " | ") + " |")
        out.append("|---|" + checkpoints.map { _ in "---:|---:|" }.joined())
        var wins = [(ours: Int, theirs: Int)](repeating: (0, 0), count: checkpoints.count)
        for problem in problems {
            var cells: [String] = []
            for (index, checkpoint) in checkpoints.enumerated() {
                let a = values("HyperTune", problem, checkpoint)
                let b = values(peer, problem, checkpoint)
                guard !a.isEmpty, !b.isEmpty else {
                    cells += ["–", "–"]
                    continue
                }
                let test = MannWhitneyTest(a, b)
                let oursBetter = test.pValueLess < TableSuite.alpha
                let theirsBetter = test.pValueGreater < TableSuite.alpha
                if oursBetter { wins[index].ours += 1 }
                if theirsBetter { wins[index].theirs += 1 }
                cells.append(cell(a, bold: oursBetter))
                cells.append(cell(b, bold: theirsBetter))
            }
            out.append("| \(problem) | " + cells.joined(separator: " | ") + " |")
        }
        out.append(
            "| *problems where better* | "
                + wins.map { "\($0.ours) of \(problems.count) | \($0.theirs) of \(problems.count)" }
                .joined(separator: " | ") + " |")
        out.append("")
        return out
    }

    private static func cell(_ values: [Double], bold: Bool) -> String {
        let text = String(format: "%.2f ± %.2f", mean(values), standardError(values))
        return bold ? "**\(text)**" : text
    }

    // MARK: Pruners

    /// Per sampler of HyperTune's runs, family by family: each pruner's steps (100 trials) and regret in
    /// every mode, with the seeds whose regret is at most no pruning's (100 trials, same seed), and
    /// how many runs a peer decided identically. A run seen twice (the same family, sampler, pruner,
    /// mode and seed in two files) counts once.
    static func prunerSummary(_ reports: [Report]) -> [String] {
        func deduplicated(_ runs: [Report.PrunerRun]) -> [Report.PrunerRun] {
            var seen: Set<String> = []
            return runs.filter { seen.insert("\($0.family)|\($0.sampler)|\($0.pruner)|\($0.mode)|\($0.seed)").inserted }
        }
        let ours = deduplicated(reports.filter { $0.library == "HyperTune" }.flatMap { $0.pruners?.runs ?? [] })
        guard !ours.isEmpty else { return [] }
        let peers = unique(reports.map(\.library)).filter { $0 != "HyperTune" }
        let theirs = Dictionary(
            grouping: deduplicated(reports.filter { $0.library != "HyperTune" }.flatMap { $0.pruners?.runs ?? [] }),
            by: { "\($0.family)|\($0.sampler)|\($0.pruner)|\($0.mode)|\($0.seed)" }
        ).compactMapValues(\.first)
        let steps = Dictionary(reports.flatMap { $0.pruners?.families ?? [] }.map { ($0.name, $0.steps) }) { a, _ in a }
        let trialsPerRun = reports.compactMap { $0.pruners?.trialsPerRun }.first ?? 100
        let order = unique(PrunerRegistry.entries.map(\.name) + ours.map(\.pruner))
        var out: [String] = []
        for sampler in unique(ours.map(\.sampler)) {
            let samplerRuns = ours.filter { $0.sampler == sampler }
            let modes = PrunerSuite.allModes.filter { mode in samplerRuns.contains { $0.mode == mode } }
            let seeds = Set(samplerRuns.map(\.seed)).sorted()
            let search = sampler == PrunerSuite.streams ? "Random search" : "HyperTune's \(sampler)"
            out.append("**\(search)**, seeds \(Plots.seedRange(seeds)): regret, mean ± s.e. (seeds ≤ no pruning's, 100 trials)")
            out.append("")
            var header = "| family | pruner | steps, \(trialsPerRun) trials |"
            var rule = "|---|---|--:|"
            for mode in modes {
                header += mode == "trials" ? " \(trialsPerRun) trials |" : " budget \(mode.dropFirst("budget-".count))% |"
                rule += "--:|"
            }
            if !peers.isEmpty {
                header += " same decisions as \(peers.joined(separator: ", ")) |"
                rule += "--:|"
            }
            out.append(header)
            out.append(rule)
            for family in unique(samplerRuns.map(\.family)) {
                let runs = samplerRuns.filter { $0.family == family }
                let reference = Dictionary(
                    runs.filter { $0.mode == "trials" && $0.pruner == "none" }.compactMap { run in run.regret.map { (run.seed, $0) } }
                ) { a, _ in a }
                var first = true
                for pruner in order {
                    let rows = runs.filter { $0.pruner == pruner }
                    guard !rows.isEmpty else { continue }
                    let full = rows.filter { $0.mode == "trials" }
                    var line = "| \(first ? family : "") | \(pruner) | "
                    first = false
                    if let length = steps[family], !full.isEmpty {
                        line += String(format: "%.1f%%", 100 * mean(full.map { Double($0.steps) }) / Double(trialsPerRun * length))
                    } else {
                        line += "–"
                    }
                    line += " |"
                    for mode in modes {
                        let modeRuns = rows.filter { $0.mode == mode }
                        let regrets = modeRuns.compactMap(\.regret)
                        guard !regrets.isEmpty else {
                            line += " – |"
                            continue
                        }
                        let noWorse = modeRuns.filter { run in
                            guard let regret = run.regret, let base = reference[run.seed] else { return false }
                            return regret <= base
                        }.count
                        line += String(format: " %.4f ± %.4f", mean(regrets), standardError(regrets))
                        line += pruner == "none" && mode == "trials" ? " |" : " (\(noWorse)/\(modeRuns.count)) |"
                    }
                    if !peers.isEmpty {
                        let compared = rows.compactMap { run -> Bool? in
                            guard let other = theirs["\(run.family)|\(run.sampler)|\(run.pruner)|\(run.mode)|\(run.seed)"] else {
                                return nil
                            }
                            return other.decisions == run.decisions && other.steps == run.steps && other.bestTrial == run.bestTrial
                        }
                        line += compared.isEmpty ? " – |" : " \(compared.filter { $0 }.count)/\(compared.count) |"
                    }
                    out.append(line)
                }
            }
            out.append("")
        }
        return out
    }
}
