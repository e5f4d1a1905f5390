import Foundation
import HyperTuneProblems

/// Prints the side-by-side markdown of any number of result files (HyperTune's and peers').
enum TableSuite {
    struct Column: Hashable {
        var library: String
        var sampler: String
        var title: String { "\(library) \(sampler)" }
    }

    static func render(_ reports: [Report], at requested: Int?) -> String {
        var out: [String] = []
        var seen: Set<String> = []
        let versions = reports.compactMap { report -> String? in
            let text = "\(report.library) \(report.version)"
            return seen.insert(text).inserted ? text : nil
        }
        let dates = reports.map(\.date).sorted()
        out.append("Results: " + versions.joined(separator: "; ") + " (written \(dates.first ?? "?") to \(dates.last ?? "?"))")
        if let machine = reports.first?.machine {
            out.append("Machine: \(machine.cpu), \(machine.cpus) CPUs, \(machine.memoryGiB) GiB, \(machine.os)")
        }
        let loads = reports.compactMap { report in
            report.machine.loadAverage.map { String(format: "%@ %.1f", report.library, $0) }
        }
        if !loads.isEmpty { out.append("Load average at the start of each suite: " + loads.joined(separator: ", ")) }
        out.append("")
        out.append(contentsOf: quality(reports, at: requested))
        out.append(contentsOf: overhead(reports))
        out.append(contentsOf: driverOverhead(reports))
        out.append(contentsOf: PrunerSuite.render(reports))
        return out.joined(separator: "\n")
    }

    // MARK: Quality

    static func quality(_ reports: [Report], at requested: Int?) -> [String] {
        var columns: [Column] = []
        var runs: [Column: [Report.QualityRun]] = [:]
        var checkpoints: [Column: [Int]] = [:]
        for report in reports {
            guard let quality = report.quality else { continue }
            for run in quality.runs {
                let column = Column(library: report.library, sampler: run.sampler)
                if runs[column] == nil { columns.append(column) }
                runs[column, default: []].append(run)
                checkpoints[column] = quality.checkpoints
            }
        }
        guard !columns.isEmpty else { return [] }
        // HyperTune first, then the peers; random search first within a library; else as read.
        columns = columns.enumerated().sorted { a, b in
            let keyA = (a.element.library == "HyperTune" ? 0 : 1, a.element.sampler == "random" ? 0 : 1, a.offset)
            let keyB = (b.element.library == "HyperTune" ? 0 : 1, b.element.sampler == "random" ? 0 : 1, b.offset)
            return keyA < keyB
        }.map(\.element)
        let known = BenchmarkProblem.all.map(\.name)
        var problems = known.filter { name in columns.contains { runs[$0]!.contains { $0.problem == name } } }
        for column in columns {
            for run in runs[column]! where !problems.contains(run.problem) { problems.append(run.problem) }
        }
        let shared = columns.dropFirst().reduce(Set(checkpoints[columns[0]]!)) { $0.intersection(checkpoints[$1]!) }.sorted()
        let at = requested ?? shared.last ?? 0

        func logRegrets(_ column: Column, _ problem: String, _ checkpoint: Int) -> [Double] {
            guard let index = checkpoints[column]!.firstIndex(of: checkpoint) else { return [] }
            return runs[column]!.filter { $0.problem == problem }.map { BenchmarkProblem.log10Regret($0.regret[index]) }
        }
        func ranks(at checkpoint: Int) -> [String: [Double]] {
            var result: [String: [Double]] = [:]
            for problem in problems {
                let means = columns.map { mean(logRegrets($0, problem, checkpoint)) }
                result[problem] = means.map { value in
                    guard !value.isNaN else { return .nan }
                    let better = means.filter { !$0.isNaN && $0 < value }.count
                    let ties = means.filter { $0 == value }.count
                    return Double(better) + Double(ties + 1) / 2
                }
            }
            return result
        }

        let seedCounts = Set(columns.flatMap { column in problems.map { logRegrets(column, $0, at).count } }.filter { $0 > 0 })
        var out: [String] = []
        out.append("### Quality: log10 regret after \(at) trials")
        out.append("")
        out.append(
            "Mean ± standard error of the mean / median over \(seedCounts.sorted().map(String.init).joined(separator: " or ")) seeds of log10(best-so-far regret), "
                + "floored at log10(\(BenchmarkProblem.regretFloor)) = -12; lower is better. (rank among the columns, by mean)")
        out.append("")
        out.append("| problem | " + columns.map(\.title).joined(separator: " | ") + " |")
        out.append("|---|" + columns.map { _ in "---:|" }.joined())
        let rankTable = ranks(at: at)
        for problem in problems {
            let cells = columns.enumerated().map { index, column -> String in
                let values = logRegrets(column, problem, at)
                guard !values.isEmpty else { return "–" }
                return String(
                    format: "%.2f ± %.2f / %.2f (%@)", mean(values), standardError(values), median(values),
                    rankText(rankTable[problem]![index]))
            }
            out.append("| \(problem) | " + cells.joined(separator: " | ") + " |")
        }
        let meanRanks = columns.indices.map { index in mean(problems.compactMap { rankTable[$0]?[index] }.filter { !$0.isNaN }) }
        out.append("| **mean rank** | " + meanRanks.map { String(format: "**%.2f**", $0) }.joined(separator: " | ") + " |")
        out.append("")
        // HyperTune's sampler against each peer's sampler of the same name, problem by problem.
        for ours in columns where ours.library == "HyperTune" {
            for theirs in columns where theirs.library != "HyperTune" && theirs.sampler == ours.sampler {
                out.append(
                    contentsOf: rankTests(
                        ours, theirs, problems: problems, at: at, values: { logRegrets($0, $1, at) }))
            }
        }
        if shared.count > 1 {
            out.append("Mean rank over the problems at each checkpoint:")
            out.append("")
            out.append("| trials | " + columns.map(\.title).joined(separator: " | ") + " |")
            out.append("|---:|" + columns.map { _ in "---:|" }.joined())
            for checkpoint in shared {
                let table = ranks(at: checkpoint)
                let row = columns.indices.map { index in
                    String(format: "%.2f", mean(problems.compactMap { table[$0]?[index] }.filter { !$0.isNaN }))
                }
                out.append("| \(checkpoint) | " + row.joined(separator: " | ") + " |")
            }
            out.append("")
        }
        return out
    }

    /// The significance level of the per-problem rank tests.
    static let alpha = 0.1

    /// One-sided Mann-Whitney U tests of two columns on each problem (lower regret is better).
    static func rankTests(
        _ ours: Column, _ theirs: Column, problems: [String], at: Int, values: (Column, String) -> [Double]
    ) -> [String] {
        var out: [String] = []
        out.append("#### \(ours.title) against \(theirs.title): one-sided Mann-Whitney U tests after \(at) trials")
        out.append("")
        out.append(
            "Per problem, on the log10 regrets of the seeds: *U* counts the pairs of seeds where \(ours.library)'s regret is "
                + "the larger (ties count ½); each p-value is that of one one-sided test (exact: every split of the pooled "
                + "ranks, ties included). A side is better at α = \(alpha) when its p-value is below \(alpha).")
        out.append("")
        out.append(
            "| problem | \(ours.library) mean | \(theirs.library) mean | U | p (\(ours.library) better) | p (\(theirs.library) better) | at α = \(alpha) |"
        )
        out.append("|---|---:|---:|---:|---:|---:|---|")
        var tally = (ours: 0, theirs: 0, neither: 0)
        for problem in problems {
            let a = values(ours, problem)
            let b = values(theirs, problem)
            guard !a.isEmpty, !b.isEmpty else { continue }
            let test = MannWhitneyTest(a, b)
            let verdict: String
            if test.pValueLess < alpha {
                verdict = "\(ours.library) better"
                tally.ours += 1
            } else if test.pValueGreater < alpha {
                verdict = "**\(theirs.library) better**"
                tally.theirs += 1
            } else {
                verdict = "no significant difference"
                tally.neither += 1
            }
            out.append(
                String(
                    format: "| %@ | %.2f | %.2f | %.1f | %.4f | %.4f | %@ |", problem, mean(a), mean(b), test.u, test.pValueLess,
                    test.pValueGreater, verdict))
        }
        out.append("")
        out.append(
            "\(ours.library) better on \(tally.ours) problem(s), \(theirs.library) better on \(tally.theirs), "
                + "no significant difference on \(tally.neither).")
        out.append("")
        return out
    }

    static func rankText(_ rank: Double) -> String {
        rank == rank.rounded() ? String(Int(rank)) : String(format: "%.1f", rank)
    }

    // MARK: Overhead

    static func overhead(_ reports: [Report]) -> [String] {
        let libraries = unique(reports.filter { $0.overhead != nil }.map(\.library))
        guard !libraries.isEmpty else { return [] }
        struct Row: Hashable {
            var sampler: String
            var completed: Int
        }
        var rows: [Row] = []
        var cells: [Row: [String: Report.OverheadResult]] = [:]
        for report in reports {
            for result in report.overhead?.results ?? [] {
                let row = Row(sampler: result.sampler, completed: result.completed)
                if cells[row] == nil { rows.append(row) }
                cells[row, default: [:]][report.library] = result
            }
        }
        rows.sort { ($0.sampler, $0.completed) < ($1.sampler, $1.completed) }
        var out: [String] = []
        let parameters = reports.compactMap { $0.overhead?.parameters }.first ?? 0
        out.append("### Overhead: microseconds per trial, \(parameters) parameters")
        out.append("")
        out.append(
            "Median over repeats of the mean over a window of trials, in a study already holding `completed` trials. "
                + "*suggest*: inside `ask` and the `suggest` calls (sampling); *trial*: suggest plus `tell` (the objective excluded).")
        out.append("")
        var header = "| sampler | completed |"
        var rule = "|---|---:|"
        for library in libraries {
            header += " \(library) suggest | \(library) trial |"
            rule += "---:|---:|"
        }
        if libraries.count == 2 {
            header += " \(libraries[1]) / \(libraries[0]) (trial) |"
            rule += "---:|"
        }
        out.append(header)
        out.append(rule)
        for row in rows {
            var line = "| \(row.sampler) | \(row.completed) |"
            for library in libraries {
                if let result = cells[row]![library] {
                    line += " " + micro(result.suggestMicroseconds) + " | " + micro(result.trialMicroseconds) + " |"
                } else {
                    line += " – | – |"
                }
            }
            if libraries.count == 2 {
                if let a = cells[row]![libraries[0]], let b = cells[row]![libraries[1]] {
                    line += String(format: " %.1f× |", b.trialMicroseconds / a.trialMicroseconds)
                } else {
                    line += " – |"
                }
            }
            out.append(line)
        }
        out.append("")
        return out
    }

    static func micro(_ value: Double) -> String {
        value >= 1000 ? String(format: "%.0f", value) : String(format: "%.1f", value)
    }

    // MARK: Driver overhead

    static func driverOverhead(_ reports: [Report]) -> [String] {
        var libraries: [String] = []
        var results: [String: [Int: Report.DriverOverheadResult]] = [:]
        for report in reports {
            for result in report.driverOverhead ?? [] {
                if results[report.library] == nil { libraries.append(report.library) }
                results[report.library, default: [:]][result.trials] = result
            }
        }
        guard !libraries.isEmpty else { return [] }
        let trials = Set(results.values.flatMap(\.keys)).sorted()
        var out: [String] = []
        out.append("### Driver overhead: microseconds per trial (random sampler, in-memory storage, 5 parameters)")
        out.append("")
        out.append("| trials | " + libraries.joined(separator: " | ") + " |")
        out.append("|---:|" + libraries.map { _ in "---:|" }.joined())
        for count in trials {
            let cells = libraries.map { library in
                results[library]![count].map { String(format: "%.1f (%d runs)", $0.medianMicrosecondsPerTrial, $0.repeats) } ?? "–"
            }
            out.append("| \(count) | " + cells.joined(separator: " | ") + " |")
        }
        out.append("")
        return out
    }
}

/// `values` without repeats, in first-seen order.
func unique(_ values: [String]) -> [String] {
    var seen: Set<String> = []
    return values.filter { seen.insert($0).inserted }
}

/// The standard error of the mean (sample standard deviation over sqrt(n)); 0 for one value.
func standardError(_ values: [Double]) -> Double {
    guard values.count > 1 else { return 0 }
    let average = mean(values)
    let variance = values.reduce(0) { $0 + ($1 - average) * ($1 - average) } / Double(values.count - 1)
    return (variance / Double(values.count)).squareRoot()
}

func mean(_ values: [Double]) -> Double {
    values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
}
