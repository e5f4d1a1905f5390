import Foundation
import HyperTune
import Synchronization

/// The `pruners` suite: each pruner on the learning-curve family (``LearningCurves``), over
/// several seeds, in three modes:
///
/// - `trials`: 100 trials per run (the no-pruning run trains all 100 to the end);
/// - `budget-40`, `budget-60`: trials while 40% (60%) of the no-pruning run's steps are not spent:
///   a new trial starts only when a full-length trial would still fit in the budget, so a run never
///   exceeds it (and at most 3,000 trials).
///
/// Each run is one sequential study (concurrency 1) named `curves-<seed>`, so Hyperband's brackets
/// match Optuna's. Trial n's configuration and noise come from the shared streams of the family:
/// random search, identical for every pruner and for the Optuna peer. A trial reports its observed
/// loss at steps 0 ... 80, asking the pruner after each report; the steps it consumed are the steps
/// it reported. Regret is the noise-free final loss of the best complete trial (best by its
/// observed final loss) minus the family's optimum.
enum PrunerSuite {
    struct Entry: Sendable {
        var name: String
        var make: @Sendable () -> any Pruner
    }

    /// The pruners, with the settings the Optuna peer uses for the same names.
    static let entries: [Entry] = [
        Entry(name: "none") { NopPruner() },
        Entry(name: "median") { MedianPruner() },
        Entry(name: "median-warmup-20") { MedianPruner(warmupSteps: 20) },
        Entry(name: "percentile-25") { PercentilePruner(25, startupTrials: 5) },
        Entry(name: "successive-halving") { SuccessiveHalvingPruner(minResource: 1, reductionFactor: 3) },
        Entry(name: "hyperband") { HyperbandPruner(minResource: 1, maxResource: 81, reductionFactor: 3) },
        Entry(name: "threshold") { ThresholdPruner(upper: 0.5, warmupSteps: 10) },
        Entry(name: "patient-median") { PatientPruner(MedianPruner(), patience: 5) },
    ]

    static let modes = ["trials", "budget-40", "budget-60"]
    static let trialCap = 3_000

    struct Run: Codable {
        var pruner: String
        var mode: String
        var seed: Int
        var trials: Int
        var pruned: Int
        var steps: Int
        var seconds: Double
        var bestTrial: Int?
        var bestValue: Double?
        var regret: Double?
        /// FNV-1a (64-bit, hex) of the comma-joined step at which each trial was pruned (-1: not).
        var decisions: String
    }

    struct Optimum: Codable {
        var value: Double
        var logLearningRate: Double
        var regularization: Double
        var width: Double
    }

    struct Report: Codable {
        var library: String
        var version: String
        var date: String
        var machine: [String: String]
        var trialsPerRun: Int
        var steps: Int
        var trialCap: Int
        var optimum: Optimum
        var runs: [Run]
    }

    static func select(_ names: [String]?) throws -> [Entry] {
        guard let names else { return entries }
        return try names.map { name in
            guard let entry = entries.first(where: { $0.name == name }) else {
                throw SuiteUsageError("unknown pruner \(name); known: \(entries.map(\.name).joined(separator: ", "))")
            }
            return entry
        }
    }

    /// Runs every pruner in every mode for every seed.
    static func run(entries: [Entry], modes: [String], seeds: [Int], trials: Int) async throws -> Report {
        var runs: [Run] = []
        for mode in modes {
            guard Self.modes.contains(mode) else { throw SuiteUsageError("unknown mode \(mode); known: \(Self.modes.joined(separator: ", "))") }
            for entry in entries {
                let clock = ContinuousClock()
                let start = clock.now
                for seed in seeds {
                    runs.append(try await run(entry, mode: mode, seed: seed, trials: trials))
                }
                FileHandle.standardError.write(Data("\(mode) \(entry.name): \(clock.now - start)\n".utf8))
            }
        }
        let optimum = LearningCurves.optimum
        return Report(
            library: "hypertune", version: "HyperTune (this checkout)",
            date: ISO8601DateFormatter().string(from: Date()),
            machine: [
                "system": ProcessInfo.processInfo.operatingSystemVersionString,
                "processors": String(ProcessInfo.processInfo.activeProcessorCount),
            ],
            trialsPerRun: trials, steps: LearningCurves.steps, trialCap: trialCap,
            optimum: Optimum(
                value: optimum.value, logLearningRate: optimum.configuration.logLearningRate,
                regularization: optimum.configuration.regularization, width: optimum.configuration.width),
            runs: runs)
    }

    /// One study.
    static func run(_ entry: Entry, mode: String, seed: Int, trials: Int) async throws -> Run {
        var budget: Int?
        var nTrials = trials
        if mode.hasPrefix("budget-"), let percent = Int(mode.dropFirst("budget-".count)) {
            budget = percent * trials * LearningCurves.steps / 100
            nTrials = trialCap
        }
        let study = try await Study.create(
            name: "curves-\(seed)", direction: .minimize, sampler: RandomSampler(seed: seed), pruner: entry.make(),
            storage: InMemoryStorage())
        let consumed = Mutex(0)
        let stopAt = budget
        let clock = ContinuousClock()
        let start = clock.now
        try await study.optimize(
            nTrials: nTrials,
            callbacks: [
                { study, trial in
                    let total = consumed.withLock { total in
                        total += trial.intermediateValues.count
                        return total
                    }
                    // Start no trial that could overrun the budget: a run never exceeds it.
                    if let stopAt, total + LearningCurves.steps > stopAt { study.stop() }
                }
            ]
        ) { trial in
            let curve = LearningCurves.observedCurve(seed: seed, trial: trial.number)
            for step in 0..<LearningCurves.steps {
                try await trial.report(curve[step], step: step)
                if try await trial.shouldPrune() { throw TrialPruned() }
            }
            return curve[LearningCurves.steps - 1]
        }
        let seconds = (clock.now - start).seconds
        let all = try await study.trials
        let prunedAt = all.map { $0.state == .pruned ? ($0.lastStep ?? -1) : -1 }
        var run = Run(
            pruner: entry.name, mode: mode, seed: seed, trials: all.count, pruned: all.filter { $0.state == .pruned }.count,
            steps: consumed.withLock { $0 }, seconds: seconds, decisions: digest(prunedAt))
        if let best = try? await study.bestTrial {
            run.bestTrial = best.number
            run.bestValue = best.value
            run.regret = LearningCurves.regret(LearningCurves.configuration(seed: seed, trial: best.number))
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

    /// Markdown tables of the reports, HyperTune's and the peers' side by side, one per mode.
    static func render(_ reports: [Report]) -> String {
        guard let ours = reports.first(where: { $0.library == "hypertune" }) ?? reports.first else { return "" }
        let peers = reports.filter { $0.library != ours.library }
        let fullSteps = Double(ours.trialsPerRun * ours.steps)
        var lines: [String] = []
        let seeds = Set(ours.runs.map(\.seed)).count
        for mode in modes where ours.runs.contains(where: { $0.mode == mode }) {
            lines.append("")
            switch mode {
            case "trials": lines.append("**\(ours.trialsPerRun) trials per run** (\(seeds) seeds)")
            default:
                let percent = mode.dropFirst("budget-".count)
                lines.append(
                    "**A budget of \(percent)% of the no-pruning steps** (\(seeds) seeds; a trial starts only if a full run still fits)")
            }
            lines.append("")
            var header = "| pruner | HyperTune steps | HyperTune trials | HyperTune regret (mean ± s.e.) | regret ≤ none's |"
            var rule = "|---|--:|--:|--:|--:|"
            for peer in peers {
                header += " \(peer.library.capitalized) steps | \(peer.library.capitalized) regret | same decisions |"
                rule += "--:|--:|--:|"
            }
            lines.append(header)
            lines.append(rule)
            let reference = Dictionary(grouping: ours.runs.filter { $0.mode == "trials" && $0.pruner == "none" }, by: \.seed)
            for pruner in entries.map(\.name) {
                let runs = ours.runs.filter { $0.mode == mode && $0.pruner == pruner }.sorted { $0.seed < $1.seed }
                guard !runs.isEmpty else { continue }
                let noWorse = runs.filter { run in
                    guard let regret = run.regret, let base = reference[run.seed]?.first?.regret else { return false }
                    return regret <= base
                }.count
                var line = "| \(pruner) | \(percentOfSteps(runs, fullSteps)) | \(meanTrials(runs)) | \(regretSummary(runs)) | \(noWorse)/\(runs.count) |"
                for peer in peers {
                    let theirs = peer.runs.filter { $0.mode == mode && $0.pruner == pruner }.sorted { $0.seed < $1.seed }
                    if theirs.isEmpty {
                        line += " – | – | – |"
                        continue
                    }
                    let same = zip(runs, theirs).filter {
                        $0.seed == $1.seed && $0.decisions == $1.decisions && $0.steps == $1.steps && $0.bestTrial == $1.bestTrial
                    }.count
                    line += " \(percentOfSteps(theirs, fullSteps)) | \(regretSummary(theirs)) | \(same)/\(theirs.count) |"
                }
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func percentOfSteps(_ runs: [Run], _ fullSteps: Double) -> String {
        let mean = runs.map { Double($0.steps) }.reduce(0, +) / Double(runs.count)
        return String(format: "%.1f%%", 100 * mean / fullSteps)
    }

    private static func meanTrials(_ runs: [Run]) -> String {
        String(format: "%.0f", runs.map { Double($0.trials) }.reduce(0, +) / Double(runs.count))
    }

    private static func regretSummary(_ runs: [Run]) -> String {
        let regrets = runs.compactMap(\.regret)
        guard !regrets.isEmpty else { return "–" }
        let mean = regrets.reduce(0, +) / Double(regrets.count)
        let variance = regrets.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(max(regrets.count - 1, 1))
        let error = (variance / Double(regrets.count)).squareRoot()
        return String(format: "%.4f ± %.4f", mean, error)
    }
}

/// A bad command line for a suite.
struct SuiteUsageError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

// MARK: - Commands

extension PrunerSuite {
    static let usage = """
        usage: hypertune-bench pruners [--seeds N] [--first-seed K] [--trials N] [--pruners a,b|all]
                                       [--modes trials,budget-40,budget-60] [--output PATH]
               hypertune-bench pruners-table FILE.json...
               hypertune-bench curves-reference [--seeds N] [--trials N] [--output PATH]
        """

    /// Runs `pruners`, `pruners-table` or `curves-reference` with the arguments after the suite's name.
    static func command(_ suite: String, _ arguments: [String]) async throws {
        switch suite {
        case "pruners":
            let options = try parse(arguments, known: ["seeds", "first-seed", "trials", "pruners", "modes", "output"])
            let first = try int(options, "first-seed", 0)
            let seeds = Array(first..<(first + (try int(options, "seeds", 10))))
            let trials = try int(options, "trials", 100)
            let names = options["pruners"].flatMap { $0 == "all" ? nil : $0.split(separator: ",").map(String.init) }
            let modes = options["modes"].map { $0.split(separator: ",").map(String.init) } ?? Self.modes
            let report = try await run(entries: try select(names), modes: modes, seeds: seeds, trials: trials)
            try write(report, to: options["output"] ?? "Benchmarks/results/pruners-hypertune.json")
            print(render([report]))
        case "pruners-table":
            guard !arguments.isEmpty else { throw SuiteUsageError("pruners-table needs result files") }
            let reports = try arguments.map { path in
                try JSONDecoder().decode(Report.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
            }
            print(render(reports))
        case "curves-reference":
            let options = try parse(arguments, known: ["seeds", "trials", "output"])
            let reference = LearningCurves.reference(seeds: try int(options, "seeds", 3), trials: try int(options, "trials", 8))
            let data = try JSONSerialization.data(withJSONObject: reference, options: [.sortedKeys])
            let path = options["output"] ?? "Benchmarks/problems/learning-curves-reference.json"
            try data.write(to: URL(fileURLWithPath: path))
            print("wrote \(path)")
        default:
            throw SuiteUsageError("unknown suite \(suite)")
        }
    }

    private static func parse(_ arguments: [String], known: Set<String>) throws -> [String: String] {
        var options: [String: String] = [:]
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            guard argument.hasPrefix("--"), known.contains(String(argument.dropFirst(2))), index + 1 < arguments.count else {
                throw SuiteUsageError("unexpected argument \(argument)")
            }
            options[String(argument.dropFirst(2))] = arguments[index + 1]
            index += 2
        }
        return options
    }

    private static func int(_ options: [String: String], _ name: String, _ fallback: Int) throws -> Int {
        guard let text = options[name] else { return fallback }
        guard let value = Int(text), value >= 0 else { throw SuiteUsageError("--\(name) needs a non-negative integer, got \(text)") }
        return value
    }

    private static func write(_ report: Report, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try encoder.encode(report).write(to: url)
        FileHandle.standardError.write(Data("wrote \(path)\n".utf8))
    }
}
