import Foundation
import HyperTuneProblems

/// The `plots` command: the figures of `Docs/Benchmarks.md`, drawn from the committed result files
/// with the runner's own SVG writer (`SVG.swift`).
///
/// - `quality-random.svg`, `quality-tpe.svg`, `quality-gp.svg`, `quality-cmaes.svg`: mean log10 regret (± one standard
///   error over the seeds) against trials, one panel per problem, HyperTune beside Optuna;
/// - `overhead.svg`: time per suggestion against the completed trials in the study, log-log;
/// - `pruners-random.svg`, `pruners-tpe.svg`: each pruner's mean regret (± s.e.) per family and
///   mode, against the regret of no pruning with all trials.
enum Plots {
    static let hyperTuneColour = "#1f5fa8"
    static let peerColour = "#e07b1a"

    static func run(results: String, output: String) throws {
        func load(_ names: [String]) throws -> [Report] {
            try names.map { try Report.read(results + "/" + $0) }
        }
        let main = ["hypertune-quality.json", "optuna-quality.json"]
        try quality(load(main), sampler: "random", title: "Random search").write(to: output + "/quality-random.svg")
        try quality(load(main), sampler: "tpe", title: "TPE (Optuna 5's default TPESampler)").write(to: output + "/quality-tpe.svg")
        try quality(
            load(["hypertune-quality-gp.json", "optuna-quality-gp.json", "optuna-quality-gp-2.json"]), sampler: "gp",
            title: "GP (Optuna's GPSampler on its continuous problems only)"
        ).write(to: output + "/quality-gp.svg")
        let cmaes = ["", "-seeds30-59", "-seeds60-89"].flatMap { ["hypertune-quality-cmaes\($0).json", "optuna-quality-cmaes\($0).json"] }
        try quality(load(cmaes), sampler: "cmaes", title: "CMA-ES (continuous problems, seeds 0–89)").write(
            to: output + "/quality-cmaes.svg")
        try overhead(
            load(["hypertune-overhead.json", "optuna-overhead.json", "hypertune-overhead-gp.json", "optuna-overhead-gp.json"])
        ).write(to: output + "/overhead.svg")
        try pruners(
            load(["hypertune-pruners.json", "hypertune-pruners-curve.json"]), sampler: PrunerSuite.streams,
            title: "Pruners with random search (Optuna's pruners made the same decisions in every run)"
        ).write(to: output + "/pruners-random.svg")
        try pruners(
            load(["hypertune-pruners-tpe.json", "hypertune-pruners-curve-tpe.json"]), sampler: "tpe",
            title: "Pruners with HyperTune's TPE sampler"
        ).write(to: output + "/pruners-tpe.svg")
    }

    // MARK: Quality

    struct Point {
        var x: Double
        var mean: Double
        var standardError: Double
    }

    /// The mean ± s.e. of log10 regret at each checkpoint of `sampler`'s runs on `problem` in the reports of `library`.
    static func regretCurve(_ reports: [Report], library: String, sampler: String, problem: String) -> [Point] {
        var byCheckpoint: [Int: [Double]] = [:]
        for report in reports where report.library == library {
            guard let quality = report.quality else { continue }
            for run in quality.runs where run.sampler == sampler && run.problem == problem {
                for (checkpoint, regret) in zip(quality.checkpoints, run.regret) {
                    byCheckpoint[checkpoint, default: []].append(BenchmarkProblem.log10Regret(regret))
                }
            }
        }
        return byCheckpoint.keys.sorted().map { checkpoint in
            let values = byCheckpoint[checkpoint]!
            return Point(x: Double(checkpoint), mean: mean(values), standardError: standardError(values))
        }
    }

    static func quality(_ reports: [Report], sampler: String, title: String) -> SVG {
        let peer = reports.map(\.library).first { $0 != "HyperTune" } ?? "Optuna"
        let problems = BenchmarkProblem.all.map(\.name).filter {
            !regretCurve(reports, library: "HyperTune", sampler: sampler, problem: $0).isEmpty
        }
        let columns = 4
        let rows = (problems.count + 1 + columns - 1) / columns
        let (panelWidth, panelHeight, left, top, gapX, gapY) = (190.0, 130.0, 62.0, 76.0, 62.0, 66.0)
        var svg = SVG(
            width: left + Double(columns) * panelWidth + Double(columns - 1) * gapX + 20,
            height: top + Double(rows) * panelHeight + Double(rows - 1) * gapY + 48)
        svg.text("\(title): log10 regret against trials, mean ± s.e. over the seeds (lower is better)", 14, 24, size: 14, bold: true)
        let seeds = Set(reports.flatMap { $0.quality?.runs.filter { $0.sampler == sampler }.map(\.seed) ?? [] }).sorted()
        svg.text(
            "Best-so-far regret of the noise-free value, floored at 1e-12; seeds \(seedRange(seeds)); x on a log scale.", 14, 42,
            size: 11, fill: "#555")
        for (index, problem) in problems.enumerated() {
            let ours = regretCurve(reports, library: "HyperTune", sampler: sampler, problem: problem)
            let theirs = regretCurve(reports, library: peer, sampler: sampler, problem: problem)
            let all = (ours + theirs).flatMap { [$0.mean - $0.standardError, $0.mean + $0.standardError] }
            let (low, high) = PlotAxis.paddedRange(all)
            let px = left + Double(index % columns) * (panelWidth + gapX)
            let py = top + Double(index / columns) * (panelHeight + gapY)
            let checkpoints = Set((ours + theirs).map(\.x)).sorted()
            let panel = PlotPanel(
                x: PlotAxis(
                    low: checkpoints.first! / 1.15, high: checkpoints.last! * 1.15, logarithmic: true, pixelLow: px,
                    pixelHigh: px + panelWidth, explicitTicks: checkpoints),
                y: PlotAxis(low: low, high: high, logarithmic: false, pixelLow: py + panelHeight, pixelHigh: py),
                title: theirs.isEmpty ? "\(problem) (no \(peer) runs)" : problem,
                xTitle: index / columns == rows - 1 || index + columns >= problems.count ? "trials" : nil,
                yTitle: index % columns == 0 ? "log10 regret" : nil)
            panel.draw(into: &svg)
            for (curve, colour, dash) in [(theirs, peerColour, "5 3"), (ours, hyperTuneColour, nil as String?)] where !curve.isEmpty {
                let upper = curve.map { (x: panel.x.map($0.x), y: panel.y.map($0.mean + $0.standardError)) }
                let lower = curve.reversed().map { (x: panel.x.map($0.x), y: panel.y.map($0.mean - $0.standardError)) }
                svg.polygon(upper + lower, fill: colour, opacity: 0.15)
                svg.polyline(curve.map { (x: panel.x.map($0.x), y: panel.y.map($0.mean)) }, stroke: colour, width: 2, dash: dash)
                for point in curve { svg.circle(panel.x.map(point.x), panel.y.map(point.mean), radius: 2.5, fill: colour) }
            }
        }
        // The legend, in the first free panel slot.
        let slot = problems.count
        let lx = left + Double(slot % columns) * (panelWidth + gapX) + 10
        let ly = top + Double(slot / columns) * (panelHeight + gapY) + 24
        legend(
            into: &svg, x: lx, y: ly,
            entries: [("HyperTune \(sampler)", hyperTuneColour, nil), ("\(peer) \(sampler)", peerColour, "5 3")])
        svg.text("band: ± one standard error", lx, ly + 48, size: 10, fill: "#555")
        return svg
    }

    static func legend(into svg: inout SVG, x: Double, y: Double, entries: [(String, String, String?)]) {
        for (index, entry) in entries.enumerated() {
            let ey = y + Double(index) * 18
            svg.line(x, ey - 4, x + 26, ey - 4, stroke: entry.1, width: 2.5, dash: entry.2)
            svg.text(entry.0, x + 32, ey, size: 11)
        }
    }

    // MARK: Overhead

    static func overhead(_ reports: [Report]) -> SVG {
        struct Series {
            var library: String
            var sampler: String
            var points: [(Double, Double)]
        }
        var series: [Series] = []
        for report in reports {
            for result in report.overhead?.results ?? [] {
                let point = (Double(result.completed), result.suggestMicroseconds)
                if let index = series.firstIndex(where: { $0.library == report.library && $0.sampler == result.sampler }) {
                    series[index].points.append(point)
                } else {
                    series.append(Series(library: report.library, sampler: result.sampler, points: [point]))
                }
            }
        }
        let samplers = unique(series.map(\.sampler))
        let colours = ["random": "#4d9a45", "tpe": hyperTuneColour, "gp": "#b8322f"]
        let allX = series.flatMap { $0.points.map(\.0) }
        let allY = series.flatMap { $0.points.map(\.1) }
        let yLow = pow(10, floor(log10(allY.min() ?? 1)))
        let yHigh = pow(10, ceil(log10(allY.max() ?? 10)))
        var svg = SVG(width: 820, height: 470)
        svg.text("Time per suggestion against the trials already in the study (log-log; lower is better)", 14, 24, size: 14, bold: true)
        svg.text(
            "10 parameters; inside ask and the ten suggest calls; median over repeats. Solid: HyperTune; dashed: Optuna 5.0.0.", 14, 42,
            size: 11, fill: "#555")
        let panel = PlotPanel(
            x: PlotAxis(
                low: (allX.min() ?? 100) / 1.3, high: (allX.max() ?? 10_000) * 1.3, logarithmic: true, pixelLow: 100, pixelHigh: 600,
                explicitTicks: Set(allX).sorted()),
            y: PlotAxis(low: yLow, high: yHigh, logarithmic: true, pixelLow: 420, pixelHigh: 66),
            title: nil, xTitle: "completed trials in the study", yTitle: "µs per suggestion", yTitleOffset: 64)
        panel.draw(into: &svg)
        for entry in series {
            let colour = colours[entry.sampler] ?? "#555"
            let dash = entry.library == "HyperTune" ? nil : "6 4"
            let points = entry.points.sorted { $0.0 < $1.0 }.map { (x: panel.x.map($0.0), y: panel.y.map($0.1)) }
            svg.polyline(points, stroke: colour, width: 2.2, dash: dash)
            for point in points {
                svg.circle(point.x, point.y, radius: 3.2, fill: entry.library == "HyperTune" ? colour : "white", stroke: colour)
            }
        }
        var entries: [(String, String, String?)] = []
        for sampler in samplers {
            for library in unique(series.map(\.library)) where series.contains(where: { $0.library == library && $0.sampler == sampler }) {
                entries.append(("\(library) \(sampler)", colours[sampler] ?? "#555", library == "HyperTune" ? nil : "6 4"))
            }
        }
        legend(into: &svg, x: 620, y: 84, entries: entries)
        return svg
    }

    // MARK: Pruners

    static func pruners(_ reports: [Report], sampler: String, title: String) -> SVG {
        var seen: Set<String> = []
        let runs = reports.filter { $0.library == "HyperTune" }.flatMap { $0.pruners?.runs ?? [] }.filter {
            $0.sampler == sampler && seen.insert("\($0.family)|\($0.pruner)|\($0.mode)|\($0.seed)").inserted
        }
        let familySteps = Dictionary(reports.flatMap { $0.pruners?.families ?? [] }.map { ($0.name, $0.steps) }) { a, _ in a }
        let trialsPerRun = reports.compactMap { $0.pruners?.trialsPerRun }.first ?? 100
        let families = unique(runs.map(\.family))
        let modes = PrunerSuite.allModes.filter { mode in runs.contains { $0.mode == mode } }
        let prunerNames = unique(PrunerRegistry.entries.map(\.name) + runs.map(\.pruner)).filter { name in
            runs.contains { $0.pruner == name }
        }
        let (left, top, panelWidth, rowHeight, gapX, gapY) = (190.0, 78.0, 210.0, 19.0, 26.0, 70.0)
        let panelHeight = rowHeight * Double(prunerNames.count) + 8
        var svg = SVG(
            width: left + Double(modes.count) * panelWidth + Double(modes.count - 1) * gapX + 24,
            height: top + Double(families.count) * panelHeight + Double(families.count - 1) * gapY + 58)
        svg.text("\(title): regret per pruner", 14, 24, size: 14, bold: true)
        let seeds = Set(runs.map(\.seed)).sorted()
        svg.text(
            "Mean ± s.e. over seeds \(seedRange(seeds)) of the chosen trial's regret; dashed line: no pruning, \(trialsPerRun) trials "
                + "(left of it is better). Right column of each \(trialsPerRun)-trial panel: the steps used.",
            14, 42, size: 11, fill: "#555")
        for (row, family) in families.enumerated() {
            let familyRuns = runs.filter { $0.family == family }
            let reference = familyRuns.filter { $0.mode == "trials" && $0.pruner == "none" }.compactMap(\.regret)
            let summaries = familyRuns.reduce(into: [String: [Double]]()) { table, run in
                if let regret = run.regret { table["\(run.pruner)|\(run.mode)", default: []].append(regret) }
            }
            let extent = summaries.values.map { mean($0) + standardError($0) }.max() ?? 0.01
            let xHigh = extent * 1.3  // room for the steps column on the right
            let py = top + Double(row) * (panelHeight + gapY)
            for (column, mode) in modes.enumerated() {
                let px = left + Double(column) * (panelWidth + gapX)
                let what = mode == "trials" ? "\(trialsPerRun) trials" : "budget \(mode.dropFirst("budget-".count))% of the steps"
                let panel = PlotPanel(
                    x: PlotAxis(low: 0, high: xHigh, logarithmic: false, pixelLow: px, pixelHigh: px + panelWidth),
                    y: PlotAxis(
                        low: 0, high: panelHeight, logarithmic: false, pixelLow: py + panelHeight, pixelHigh: py, explicitTicks: [0]),
                    title: "\(family): \(what)", xTitle: "regret", yTitle: nil)
                panel.draw(into: &svg, tickLabelsY: false)
                if !reference.isEmpty {
                    let rx = panel.x.map(mean(reference))
                    svg.line(rx, py, rx, py + panelHeight, stroke: "#777", width: 1.2, dash: "4 3")
                }
                for (index, pruner) in prunerNames.enumerated() {
                    let cy = py + 4 + rowHeight * (Double(index) + 0.5)
                    if column == 0 { svg.text(pruner, left - 8, cy + 4, size: 11, anchor: .end) }
                    guard let values = summaries["\(pruner)|\(mode)"], !values.isEmpty else { continue }
                    let average = mean(values)
                    let error = standardError(values)
                    let colour = pruner == "none" ? "#555" : hyperTuneColour
                    svg.line(
                        panel.x.map(max(0, average - error)), cy, panel.x.map(average + error), cy, stroke: colour, width: 1.6)
                    svg.circle(panel.x.map(average), cy, radius: 3.6, fill: colour)
                    if mode == "trials", let steps = familySteps[family] {
                        let used = familyRuns.filter { $0.mode == mode && $0.pruner == pruner }.map { Double($0.steps) }
                        let percent = 100 * mean(used) / Double(trialsPerRun * steps)
                        svg.text(String(format: "%.0f%%", percent), px + panelWidth - 4, cy + 4, size: 10, anchor: .end, fill: "#555")
                    }
                }
            }
        }
        return svg
    }

    /// `0–9`, or `0–9, 20` for a set that is not one range.
    static func seedRange(_ seeds: [Int]) -> String {
        guard let first = seeds.first, let last = seeds.last else { return "none" }
        if last - first + 1 == seeds.count { return first == last ? "\(first)" : "\(first)–\(last)" }
        return seeds.map(String.init).joined(separator: ", ")
    }
}
