// hypertune-bench: HyperTune's benchmark runner. Build in release mode:
//
//     swift run -c release --package-path Benchmarks hypertune-bench <suite> [options]
//
// Suites (see Docs/Benchmarks.md):
//     quality     [--samplers a,b|all] [--problems a,b|all] [--seeds N] [--first-seed K] [--budget N]
//                 [--pruner none] [--jobs J] [--output PATH]
//                 each sampler on each problem, N seeds, best-so-far regret at 10/25/50/100 trials
//     overhead    [--samplers a,b|all] [--counts 100,1000] [--repeats R] [--window W] [--output PATH]
//                 time per suggestion and per trial at 100/1,000/10,000 completed trials, 10 parameters
//     driver-overhead [--repeats N] [--output PATH]
//                 time per trial of the study driver (random sampler, in-memory storage, 5 parameters)
//                 at 1,000 and 100,000 trials
//     reference   [--points N] [--output PATH]
//                 writes the problems' reference values (Benchmarks/problems/reference.json)
//     table       FILE.json... [--at N[,N...]] [--samplers a,b] [--style full|compact]
//                 prints the side-by-side markdown of result files (HyperTune's and the peers')
//     page        [PATH] [--results DIR] [--check yes]
//                 rewrites the tables of Docs/Benchmarks.md from the result files (Page.swift)
//     plots       [--results DIR] [--out DIR]
//                 writes the SVG figures of Docs/Benchmarks.md from the result files (Plots.swift)
//     compact     FILE.json...
//                 rewrites result files in the current layout (one run per line, no timings per run)
//     pruners-paired FILE.json...
//                 the pruner runs of HyperTune's result files as seed-by-seed differences from no pruning
//     qmc-points  [--seeds N] [--first-seed K] [--dimension D] [--count N] [--unscrambled 1] [--output PATH]
//                 the points QMCSampler gives studies (trials 1...N), for Benchmarks/qmc_discrepancy.py (default /tmp/hypertune-qmc-points.json: an intermediate, not committed)
//     list        the samplers, pruners and problems the runner knows
//     pruners     [--families a,b|all] [--pruners a,b|all] [--modes trials,budget-40,budget-60] [--sampler streams|tpe]
//                 [--seeds N] [--first-seed K] [--trials N] [--output PATH]
//                 the pruners on learning curves (PrunerSuite.swift; see Docs/Benchmarks.md); besides the
//                 registry's names, settings spelled out: median:startup=10:warmup=25%, hyperband:min=15%:eta=4, curve:k=5:window=3:startup=8
//     curves-reference [--seeds N] [--trials N] [--output PATH]
//                 writes the learning curves' reference values (Benchmarks/problems/learning-curves-reference.json)
//     journal     [--trials N] [--replay-trials N] [--repeats R] [--dir PATH] [--keep]
//                 JournalStorage: overhead per trial by sync policy, replay time, memory per trial

import Foundation
import HyperTune
import HyperTuneProblems

let usage = """
    usage: hypertune-bench quality [--samplers a,b|all] [--problems a,b|all] [--seeds N] [--first-seed K]
                                   [--budget N] [--pruner none] [--jobs J] [--output PATH]
           hypertune-bench overhead [--samplers a,b|all] [--counts 100,1000] [--repeats R] [--window W] [--output PATH]
           hypertune-bench driver-overhead [--repeats N] [--output PATH]
           hypertune-bench reference [--points N] [--output PATH]
           hypertune-bench pruners [--families a,b|all] [--pruners a,b|all] [--modes trials,budget-40,budget-60]
                                   [--sampler streams|tpe] [--seeds N] [--first-seed K] [--trials N] [--output PATH]
           hypertune-bench curves-reference [--seeds N] [--trials N] [--output PATH]
           hypertune-bench table FILE.json... [--at N[,N...]] [--samplers a,b] [--style full|compact]
           hypertune-bench page [Docs/Benchmarks.md] [--results Benchmarks/results] [--check yes]
           hypertune-bench plots [--results Benchmarks/results] [--out Docs/images]
           hypertune-bench compact FILE.json...
           hypertune-bench pruners-paired FILE.json...
           hypertune-bench list
    """

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("hypertune-bench: \(message)\n\n\(usage)\n".utf8))
    exit(2)
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard let suite = arguments.first else { fail("no suite given") }
let rest = arguments.dropFirst()

do {
    switch suite {
    case "quality":
        let options = try Options(
            rest, known: ["samplers", "problems", "seeds", "first-seed", "budget", "pruner", "jobs", "output"])
        let samplers = try SamplerRegistry.select(options.list("samplers"))
        let problems = try (options.list("problems") ?? BenchmarkProblem.all.map(\.name)).map(BenchmarkProblem.named)
        let seeds = try options.seeds()
        let budget = try options.int("budget", default: 100)
        guard budget > 0 else { throw UsageError("--budget must be positive") }
        let pruner = try PrunerRegistry.select(options.string("pruner", default: "none"))
        let jobs = try options.int("jobs", default: 1)
        let output = options.string("output", default: "Benchmarks/results/hypertune-quality.json")
        progress(
            "quality: \(samplers.count) sampler(s) × \(problems.count) problem(s) × \(seeds.count) seed(s), \(budget) trials, \(jobs) job(s)"
        )
        var report = Report.make()
        report.quality = try await QualitySuite.run(
            samplers: samplers, problems: problems, seeds: seeds, budget: budget, pruner: pruner, jobs: jobs)
        try report.write(to: output)
        print(TableSuite.render([report], at: nil))

    case "overhead":
        let options = try Options(rest, known: ["samplers", "counts", "repeats", "window", "output"])
        let samplers = try SamplerRegistry.select(options.list("samplers"))
        let repeats = max(1, try options.int("repeats", default: 5))
        let window = options.values["window"] == nil ? nil : try options.int("window", default: 0)
        let output = options.string("output", default: "Benchmarks/results/hypertune-overhead.json")
        var report = Report.make()
        report.overhead = try await OverheadSuite.run(
            samplers: samplers, counts: try options.ints("counts"), repeats: repeats, window: window)
        try report.write(to: output)
        print(TableSuite.render([report], at: nil))

    case "driver-overhead":
        let options = try Options(rest, known: ["repeats", "output", "trials"])
        let repeats = try options.int("repeats", default: 5)
        print("Driver overhead: random sampler, in-memory storage, 5 parameters, release build")
        print("trials   median µs/trial   median µs/trial (last 1,000)   runs")
        var results: [Report.DriverOverheadResult] = []
        for trials in try options.ints("trials") ?? [1_000, 100_000] {
            let result = try await DriverOverhead.measure(trials: trials, repeats: trials >= 100_000 ? max(3, repeats / 2) : repeats)
            let runs = result.allMicrosecondsPerTrial.map { String(format: "%.2f", $0) }.joined(separator: " ")
            print(
                String(
                    format: "%7d   %15.2f   %28.2f   %@", trials, result.medianMicrosecondsPerTrial,
                    result.medianMicrosecondsPerTrialLast1000, runs))
            results.append(
                Report.DriverOverheadResult(
                    trials: trials, repeats: result.repeats, medianMicrosecondsPerTrial: result.medianMicrosecondsPerTrial,
                    medianMicrosecondsPerTrialLast1000: result.medianMicrosecondsPerTrialLast1000,
                    allMicrosecondsPerTrial: result.allMicrosecondsPerTrial))
        }
        if let output = options.values["output"] {
            var report = Report.make()
            report.driverOverhead = results
            try report.write(to: output)
        }

    case "reference":
        let options = try Options(rest, known: ["points", "output"])
        let file = try await ReferenceSuite.make(pointsPerProblem: try options.int("points", default: 6))
        try ReferenceSuite.write(file, to: options.string("output", default: "Benchmarks/problems/reference.json"))

    case "pruners-paired":
        let options = try Options(rest, known: [])
        guard !options.positional.isEmpty else { throw UsageError("pruners-paired needs result files") }
        print(PrunerSuite.renderPaired(try options.positional.map(Report.read)).joined(separator: "\n"))
    case "table":
        print(try Page.table(Array(rest)))

    case "page":
        let options = try Options(rest, known: ["results", "check"])
        let path = options.positional.first ?? "Docs/Benchmarks.md"
        let check = options.values["check"].map { $0 != "no" } ?? false
        let (regions, changed) = try Page.update(
            path: path, results: options.string("results", default: "Benchmarks/results"), check: check)
        progress("\(path): \(regions) table(s), \(changed) \(check ? "differ" : "rewritten")")
        if check, changed > 0 { exit(1) }

    case "plots":
        let options = try Options(rest, known: ["results", "out"])
        try Plots.run(
            results: options.string("results", default: "Benchmarks/results"), output: options.string("out", default: "Docs/images"))

    case "compact":
        let options = try Options(rest, known: [])
        for path in options.positional { try Report.read(path).write(to: path) }

    case "qmc-points":
        let options = try Options(rest, known: ["seeds", "first-seed", "dimension", "count", "unscrambled", "output"])
        let points = try await QMCPoints.points(
            seeds: try options.seeds(), dimension: try options.int("dimension", default: 6), count: try options.int("count", default: 256),
            scrambled: options.values["unscrambled"] == nil)
        let data = try JSONSerialization.data(withJSONObject: points, options: [.sortedKeys])
        try data.write(to: URL(fileURLWithPath: options.string("output", default: "/tmp/hypertune-qmc-points.json")))

    case "list":
        print("samplers: " + SamplerRegistry.entries.map(\.name).joined(separator: ", "))
        print("pruners:  " + PrunerRegistry.entries.map(\.name).joined(separator: ", "))
        print("learning-curve families: " + LearningCurveFamily.names.joined(separator: ", "))
        print("problems:")
        for problem in BenchmarkProblem.all {
            print("  \(problem.name) (d = \(problem.dimension)\(problem.isNoisy ? ", noisy" : "")): \(problem.summary)")
        }

    case "pruners":
        let options = try Options(rest, known: ["families", "pruners", "modes", "sampler", "seeds", "first-seed", "trials", "output"])
        let sampler = options.string("sampler", default: PrunerSuite.streams)
        var report = Report.make()
        report.pruners = try await PrunerSuite.run(
            families: try (options.list("families") ?? LearningCurveFamily.names).map(LearningCurveFamily.named),
            pruners: try PrunerRegistry.select(options.list("pruners")), modes: try PrunerSuite.modes(options.list("modes")),
            sampler: sampler == PrunerSuite.streams ? nil : try SamplerRegistry.select([sampler])[0],
            seeds: try options.seeds(), trials: try options.int("trials", default: 100))
        let suffix = sampler == PrunerSuite.streams ? "" : "-\(sampler)"
        try report.write(to: options.string("output", default: "Benchmarks/results/hypertune-pruners\(suffix).json"))
        print(PrunerSuite.render([report]).joined(separator: "\n"))

    case "curves-reference":
        let options = try Options(rest, known: ["seeds", "trials", "output"])
        let reference = LearningCurveReference(
            seeds: try options.int("seeds", default: 3), trials: try options.int("trials", default: 8),
            digits: try DigitsLearningCurves.loadCommitted())
        let path = options.string("output", default: LearningCurveReference.repositoryPath)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(reference).write(to: URL(fileURLWithPath: path))
        progress("wrote \(path)")

    case "journal": try await JournalBenchmarks.run(Array(rest))
    case "journal-replay-probe": try await JournalBenchmarks.replayProbe(path: rest.first ?? "")
    default:
        fail("unknown suite \(suite)")
    }
} catch let error as UsageError {
    fail(error.description)
}
