import HyperTune

/// The samplers the runner knows, by name. Adding a sampler is one line here.
enum SamplerRegistry {
    struct Entry: Sendable {
        /// The name used by `--samplers` and in the results (matched with the peer's names).
        var name: String
        /// The completed-trial counts of the overhead suite.
        var overheadCounts: [Int] = [100, 1_000, 10_000]
        /// The sampler for a run's seed.
        var make: @Sendable (Int) -> any Sampler
    }

    static let entries: [Entry] = [
        Entry(name: "random") { RandomSampler(seed: $0) },
        Entry(name: "tpe") { TPESampler(seed: $0) },
        // TPE keeping every bad trial (no window): the reference for the window's effect on regret.
        Entry(name: "tpe-unbounded", overheadCounts: [100, 1_000]) { seed in
            var configuration = TPESampler.Configuration()
            configuration.badTrialWindow = nil
            return TPESampler(seed: seed, configuration: configuration)
        },
        Entry(name: "gp", overheadCounts: [100, 300]) { GPSampler(seed: $0) },
        Entry(name: "cmaes", overheadCounts: [100, 1_000]) { CMAESSampler(seed: $0) },
        Entry(name: "qmc", overheadCounts: [100, 1_000]) { QMCSampler(seed: $0) },
    ]

    static func select(_ names: [String]?) throws -> [Entry] {
        guard let names else { return entries }
        return try names.map { name in
            guard let entry = entries.first(where: { $0.name == name }) else {
                throw UsageError("unknown sampler \(name); known: \(entries.map(\.name).joined(separator: ", "))")
            }
            return entry
        }
    }
}

/// The pruners the runner knows, by name, with the settings the Optuna peer
/// (`Benchmarks/peer_optuna_pruners.py`) uses for the same names. Adding a pruner is one line here.
enum PrunerRegistry {
    struct Entry: Sendable {
        var name: String
        /// The pruner for training runs of `steps` steps (settings that scale with the run's length
        /// use it; the quality suite's objectives report nothing and pass 1).
        var make: @Sendable (_ steps: Int) -> any Pruner
    }

    static let entries: [Entry] = [
        Entry(name: "none") { _ in NopPruner() },
        Entry(name: "median") { _ in MedianPruner() },
        Entry(name: "median-warmup-20") { _ in MedianPruner(warmupSteps: 20) },
        // Added with the digits family, where 20 steps of warm-up is the whole run: a quarter of
        // the run (20 of the synthetic family's 81 steps, 5 of the digits family's 20 epochs).
        Entry(name: "median-warmup-quarter") { steps in MedianPruner(warmupSteps: steps / 4) },
        // The digits example's own setting (Examples/Digits/main.swift).
        Entry(name: "median-example") { _ in MedianPruner(startupTrials: 5, warmupSteps: 2) },
        Entry(name: "percentile-25") { _ in PercentilePruner(25, startupTrials: 5) },
        Entry(name: "successive-halving") { _ in SuccessiveHalvingPruner(minResource: 1, reductionFactor: 3) },
        Entry(name: "hyperband") { steps in HyperbandPruner(minResource: 1, maxResource: steps, reductionFactor: 3) },
        Entry(name: "threshold") { _ in ThresholdPruner(upper: 0.5, warmupSteps: 10) },
        Entry(name: "patient-median") { _ in PatientPruner(MedianPruner(), patience: 5) },
        // Not Optuna's (the peer has no counterpart): settings chosen on development seeds 100-139.
        Entry(name: "curve-predictive") { _ in CurvePredictivePruner() },
    ]

    static func select(_ names: [String]?) throws -> [Entry] {
        guard let names else { return entries }
        return try names.map(select)
    }

    static func select(_ name: String) throws -> Entry {
        if let entry = entries.first(where: { $0.name == name }) { return entry }
        if name.contains(":") { return try parameterized(name) }
        throw UsageError(
            "unknown pruner \(name); known: \(entries.map(\.name).joined(separator: ", ")), or median:..., hyperband:..., curve:... (Docs/Benchmarks.md)"
        )
    }

    /// A pruner named by its settings, for settings studies: `median:startup=10:warmup=50%` or
    /// `hyperband:min=2:eta=3`. A value `N%` is that percentage of the run's length, rounded down
    /// (at least 1 for a resource). Keys: for `median`, `startup`, `warmup`, `interval`, `mintrials`;
    /// for `hyperband`, `min`, `max`, `eta`; for `curve` (``CurvePredictivePruner``, HyperTune's
    /// own), `k`, `window`, `startup`, `warmup`, `interval`. A key left out takes the pruner's own
    /// default, except Hyperband's `max`, which is the run's length (as the `hyperband` entry's).
    /// The peer (`make_pruner` in `peer_optuna_pruners.py`) reads the same names for `median` and
    /// `hyperband`, with Optuna's defaults (the same values).
    static func parameterized(_ name: String) throws -> Entry {
        let parts = name.split(separator: ":").map(String.init)
        var settings: [String: String] = [:]
        for part in parts.dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2, settings[pair[0]] == nil else { throw UsageError("pruner \(name): cannot read setting \(part)") }
            settings[pair[0]] = pair[1]
        }
        let known: [String: [String]] = [
            "median": ["startup", "warmup", "interval", "mintrials"], "hyperband": ["min", "max", "eta"],
            "curve": ["k", "window", "startup", "warmup", "interval"],
        ]
        guard let keys = known[parts[0]] else { throw UsageError("pruner \(name): no settings form for \(parts[0])") }
        for key in settings.keys where !keys.contains(key) {
            throw UsageError("pruner \(name): unknown setting \(key); known: \(keys.joined(separator: ", "))")
        }
        // Checked once here, so that `make` cannot fail later.
        for (key, text) in settings where Int(text.hasSuffix("%") ? String(text.dropLast()) : text) == nil {
            throw UsageError("pruner \(name): \(key)=\(text) is neither an integer nor a percentage")
        }
        let fixed = settings
        /// The setting `key` for a run of `steps` steps, or nil when the name leaves it out.
        @Sendable func value(_ key: String, _ steps: Int, atLeastOne: Bool = false) -> Int? {
            guard let text = fixed[key] else { return nil }
            guard text.hasSuffix("%") else { return Int(text)! }
            let scaled = Int(text.dropLast())! * steps / 100
            return atLeastOne ? max(1, scaled) : scaled
        }
        let entry: Entry
        switch parts[0] {
        case "median":
            entry = Entry(name: name) { steps in
                let defaults = MedianPruner()
                return MedianPruner(
                    startupTrials: value("startup", steps) ?? defaults.startupTrials,
                    warmupSteps: value("warmup", steps) ?? defaults.warmupSteps,
                    intervalSteps: value("interval", steps, atLeastOne: true) ?? defaults.intervalSteps,
                    minTrials: value("mintrials", steps) ?? defaults.minTrials)
            }
        case "curve":
            entry = Entry(name: name) { steps in
                let defaults = CurvePredictivePruner()
                return CurvePredictivePruner(
                    neighbours: value("k", steps) ?? defaults.neighbours,
                    window: value("window", steps, atLeastOne: true) ?? defaults.window,
                    startupTrials: value("startup", steps) ?? defaults.startupTrials,
                    warmupSteps: value("warmup", steps) ?? defaults.warmupSteps,
                    intervalSteps: value("interval", steps, atLeastOne: true) ?? defaults.intervalSteps)
            }
        default:
            entry = Entry(name: name) { steps in
                let defaults = HyperbandPruner()
                return HyperbandPruner(
                    minResource: value("min", steps, atLeastOne: true) ?? defaults.minResource,
                    maxResource: value("max", steps, atLeastOne: true) ?? steps,
                    reductionFactor: value("eta", steps) ?? defaults.reductionFactor)
            }
        }
        // Refuse what the pruner refuses (as Study.create would) here, for both families' lengths.
        for steps in [20, 81] {
            do {
                try entry.make(steps).validate()
            } catch {
                throw UsageError("pruner \(name): \(error)")
            }
        }
        return entry
    }
}
