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

/// The pruners the runner knows, by name (the quality suite uses `nop`; multi-fidelity problems
/// will select others). Adding a pruner is one line here.
enum PrunerRegistry {
    struct Entry: Sendable {
        var name: String
        var make: @Sendable () -> any Pruner
    }

    static let entries: [Entry] = [
        Entry(name: "nop") { NopPruner() }
    ]

    static func select(_ name: String) throws -> Entry {
        guard let entry = entries.first(where: { $0.name == name }) else {
            throw UsageError("unknown pruner \(name); known: \(entries.map(\.name).joined(separator: ", "))")
        }
        return entry
    }
}
