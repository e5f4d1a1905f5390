import Foundation
import HyperTuneCore
import HyperTuneSearchSpace
import HyperTuneTestSupport
import Testing

@testable import HyperTuneSamplers

/// TPESampler on hand-made histories: ranking, kernels' outputs, liars, duplicates, determinism.
@Suite("TPESampler")
struct TPESamplerTests {
    static let x = Distribution.float(try! FloatDistribution(low: 0, high: 1))
    static let mixedSpace = SearchSpace([
        "f": .float(try! FloatDistribution(low: -3, high: 3)),
        "lf": .float(try! FloatDistribution(low: 1e-4, high: 10, log: true)),
        "sf": .float(try! FloatDistribution(low: 0, high: 2, step: 0.25)),
        "i": .int(try! IntDistribution(low: -4, high: 9)),
        "si": .int(try! IntDistribution(low: 0, high: 60, step: 6)),
        "li": .int(try! IntDistribution(low: 1, high: 500, log: true)),
        "c": .categorical(try! CategoricalDistribution(["a", "b", "c"])),
    ])

    /// A finished trial with `value` and parameters `params` (internal values) of `space`.
    static func trial(
        _ number: Int, _ value: Double, _ params: [String: Double], space: SearchSpace, state: TrialState = .complete,
        intermediate: [Int: Double] = [:]
    ) -> TrialRecord {
        var parameters: [String: Parameter] = [:]
        for (name, internalValue) in params { parameters[name] = Parameter(distribution: space[name]!, internalValue: internalValue) }
        return TrialRecord(
            number: number, state: state, values: state == .complete ? [value] : nil, parameters: parameters,
            intermediateValues: intermediate, startDate: Date(timeIntervalSince1970: 0), endDate: Date(timeIntervalSince1970: 1))
    }

    /// `count` complete trials over `space` with random members and values from `objective`.
    static func history(_ count: Int, space: SearchSpace, seed: UInt64 = 1, objective: ([String: Double]) -> Double) -> [TrialRecord] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { number in
            var params: [String: Double] = [:]
            for (name, distribution) in space { params[name] = distribution.uniformInternalValue(using: &generator) }
            return trial(number, objective(params), params, space: space)
        }
    }

    static func sampleRelative(_ sampler: TPESampler, _ snapshot: StudySnapshot, number: Int) throws -> [String: Double] {
        let current = TrialRecord(number: number, state: .running)
        var generator = sampler.generator(for: current, in: snapshot)
        let space = sampler.relativeSearchSpace(in: snapshot, for: current)
        return try sampler.sampleRelative(in: snapshot, for: current, searchSpace: space, using: &generator)
    }

    static func sampleIndependent(
        _ sampler: TPESampler, _ snapshot: StudySnapshot, number: Int, name: String, _ distribution: Distribution
    )
        throws -> Double
    {
        let current = TrialRecord(number: number, state: .running)
        var generator = sampler.generator(for: current, in: snapshot)
        return try sampler.sampleIndependent(in: snapshot, for: current, name: name, distribution: distribution, using: &generator)
    }

    @Test("complete trials rank by loss, then pruned ones by step reached and last value; failed ones are ignored")
    func ranking() {
        let space = SearchSpace(["x": Self.x])
        let trials = [
            Self.trial(0, 5, ["x": 0.1], space: space),
            Self.trial(1, 0, ["x": 0.2], space: space, state: .pruned, intermediate: [0: 9, 3: 0.5]),
            Self.trial(2, 0, ["x": 0.3], space: space, state: .fail),
            Self.trial(3, 0, ["x": 0.4], space: space, state: .pruned, intermediate: [0: 0.1]),
            Self.trial(4, 7, ["x": 0.5], space: space),
            Self.trial(5, 0, ["x": 0.6], space: space, state: .pruned),
            Self.trial(6, 0, ["x": 0.7], space: space, state: .pruned, intermediate: [0: 2, 3: 0.2]),
        ]
        for direction in [StudyDirection.minimize, .maximize] {
            let history = TrialHistory(trials)
            var state = TPEHistoryState(lineage: history.lineage, directions: [direction], groupDecomposition: true)
            state.fold(history)
            #expect(state.entries.count == 6)  // the failed trial is ignored
            let ranked = state.best(6, entryCount: 6, history: history).map { history[state.entries[$0].position].number }
            // Complete by value (min: 5 < 7; max: 7 > 5), pruned at step 3 by their value there, pruned
            // at step 0, then the one pruned without reports.
            let complete = direction == .minimize ? [0, 4] : [4, 0]
            let deep = direction == .minimize ? [6, 1] : [1, 6]
            #expect(ranked == complete + deep + [3, 5])
        }
    }

    @Test("sampled values are members of their distributions, jointly and one by one", arguments: [true, false])
    func members(multivariate: Bool) throws {
        let space = Self.mixedSpace
        let trials = Self.history(30, space: space) { params in params.values.reduce(0) { $0 + abs($1) } }
        let snapshot = StudySnapshot(studyName: "study", directions: [.minimize], trials: trials)
        let sampler = TPESampler(seed: 4, multivariate: multivariate)
        for number in 30..<45 {
            let relative = try Self.sampleRelative(sampler, snapshot, number: number)
            #expect(relative.count == (multivariate ? space.count : 0))
            for (name, distribution) in space {
                let value = try relative[name] ?? Self.sampleIndependent(sampler, snapshot, number: number, name: name, distribution)
                #expect(distribution.contains(internal: value), "\(name) = \(value) is not in \(distribution)")
            }
        }
    }

    @Test("the same seed gives the same values; another seed other values")
    func seeded() throws {
        let space = Self.mixedSpace
        let snapshot = StudySnapshot(
            studyName: "study", directions: [.minimize], trials: Self.history(25, space: space) { $0["f"]! * $0["f"]! })
        let first = try Self.sampleRelative(TPESampler(seed: 9), snapshot, number: 25)
        #expect(try Self.sampleRelative(TPESampler(seed: 9), snapshot, number: 25) == first)
        #expect(try Self.sampleRelative(TPESampler(seed: 10), snapshot, number: 25) != first)
    }

    @Test("maximizing -f proposes exactly what minimizing f does")
    func directions() throws {
        let space = Self.mixedSpace
        let objective: ([String: Double]) -> Double = { ($0["f"]! - 1) * ($0["f"]! - 1) + $0["i"]! }
        let minimized = Self.history(40, space: space, objective: objective)
        let maximized = minimized.map { trial in
            var copy = trial
            copy.values = trial.values.map { $0.map { -$0 } }
            return copy
        }
        for number in [40, 41, 42] {
            let a = try Self.sampleRelative(
                TPESampler(seed: 2), StudySnapshot(studyName: "study", directions: [.minimize], trials: minimized), number: number)
            let b = try Self.sampleRelative(
                TPESampler(seed: 2), StudySnapshot(studyName: "study", directions: [.maximize], trials: maximized), number: number)
            #expect(a == b)
        }
    }

    @Test("TPE concentrates where the good trials are", arguments: 1...4)
    func concentrates(seed: Int) throws {
        let space = SearchSpace(["x": Self.x])
        let snapshot = StudySnapshot(
            studyName: "study", directions: [.minimize], trials: Self.history(60, space: space) { abs($0["x"]! - 0.8) })
        let sampler = TPESampler(seed: seed)
        let values = try (60..<160).map { try Self.sampleRelative(sampler, snapshot, number: $0)["x"]! }
        // Uniform draws would land within 0.1 of 0.8 a fifth of the time: 20 of 100, standard
        // deviation 4; more than 60 is ten deviations above that.
        #expect(values.filter { abs($0 - 0.8) < 0.1 }.count > 60)
    }

    @Test("with constant liar, running trials push new proposals away from them")
    func constantLiar() throws {
        let space = SearchSpace(["x": Self.x])
        let finished = Self.history(30, space: space) { abs($0["x"]! - 0.5) }
        // Eight workers already evaluating points around 0.5, planned jointly when they started.
        let running = (0..<8).map { index in
            TrialRecord(
                number: 30 + index, state: .running,
                systemAttributes: .init(system: [.relativeParams: TrialRecord.encodeRelativeParams(["x": 0.49 + 0.003 * Double(index)])]))
        }
        let snapshot = StudySnapshot(studyName: "study", directions: [.minimize], trials: finished + running)
        func meanDistance(_ liar: Bool) throws -> Double {
            let sampler = TPESampler(seed: 3, constantLiar: liar)
            let values = try (38..<138).map { try Self.sampleRelative(sampler, snapshot, number: $0)["x"]! }
            return values.reduce(0) { $0 + abs($1 - 0.5) } / Double(values.count)
        }
        #expect(try meanDistance(true) > 1.5 * meanDistance(false))
    }

    @Test("in a finite space, seen configurations are avoided while unseen ones remain")
    func duplicates() throws {
        let space = SearchSpace([
            "a": .int(try! IntDistribution(low: 0, high: 2)),
            "b": .categorical(try! CategoricalDistribution(["u", "v"])),
        ])
        // Every configuration but (2, "v") is finished (most twice) or running.
        var trials: [TrialRecord] = []
        for round in 0..<2 {
            for a in 0...2 {
                for b in 0...1 where !(a == 2 && b == 1) && !(round == 1 && a == 1 && b == 1) {
                    trials.append(Self.trial(trials.count, Double(a + b), ["a": Double(a), "b": Double(b)], space: space))
                }
            }
        }
        let runningNumber = trials.count
        trials.append(
            TrialRecord(
                number: runningNumber, state: .running,
                parameters: ["a": Parameter(distribution: space["a"]!, internalValue: 1)],
                systemAttributes: .init(system: [.relativeParams: TrialRecord.encodeRelativeParams(["a": 1, "b": 1])])))
        let snapshot = StudySnapshot(studyName: "study", directions: [.minimize], trials: trials)
        for startup in [0, 100] {  // after the startup trials (TPE) and during them (random)
            let sampler = TPESampler(seed: 5, startupTrials: startup)
            for number in (runningNumber + 1)...(runningNumber + 20) {
                #expect(try Self.sampleRelative(sampler, snapshot, number: number) == ["a": 2, "b": 1])
            }
        }
        // Once everything is seen, TPE proposes again (here: anything, as long as it is a member).
        let all = StudySnapshot(
            studyName: "study", directions: [.minimize],
            trials: trials + [Self.trial(runningNumber + 1, 3, ["a": 2, "b": 1], space: space)])
        let again = try Self.sampleRelative(TPESampler(seed: 5, startupTrials: 0), all, number: runningNumber + 2)
        #expect(again.count == 2)
    }

    @Test("an older snapshot of the same history gets the answer a fresh sampler gives it")
    func olderSnapshot() throws {
        let space = SearchSpace(["x": Self.x, "y": .int(try! IntDistribution(low: 0, high: 9))])
        var log = TrialLog()
        var histories: [Int: TrialHistory] = [:]
        for trial in Self.history(60, space: space, objective: { $0["x"]! + $0["y"]! }) {
            log.append(trial)
            histories[log.count] = log.history
        }
        let newer = StudySnapshot(studyName: "study", directions: [.minimize], finished: histories[60]!)
        let older = StudySnapshot(studyName: "study", directions: [.minimize], finished: histories[40]!)
        let warm = TPESampler(seed: 8)
        _ = try Self.sampleRelative(warm, newer, number: 60)
        _ = try Self.sampleIndependent(warm, newer, number: 61, name: "x", Self.x)
        #expect(try Self.sampleRelative(warm, older, number: 40) == Self.sampleRelative(TPESampler(seed: 8), older, number: 40))
        #expect(
            try Self.sampleIndependent(warm, older, number: 41, name: "x", Self.x)
                == Self.sampleIndependent(TPESampler(seed: 8), older, number: 41, name: "x", Self.x))
        // And the warm cache still answers the newer snapshot as a fresh sampler would.
        #expect(try Self.sampleRelative(warm, newer, number: 62) == Self.sampleRelative(TPESampler(seed: 8), newer, number: 62))
    }

    @Test("several objectives: the good set is the Pareto front first")
    func multiObjective() throws {
        let space = SearchSpace(["x": Self.x])
        var trials: [TrialRecord] = []
        var generator = SeededGenerator(seed: 12 as UInt64)
        for number in 0..<40 {
            let x = generator.nextDouble()
            var record = Self.trial(number, 0, ["x": x], space: space)
            record.values = [x * x, (x - 1) * (x - 1) + 0.2 * Double(number % 3)]
            trials.append(record)
        }
        let history = TrialHistory(trials)
        var state = TPEHistoryState(lineage: history.lineage, directions: [.minimize, .minimize], groupDecomposition: true)
        state.fold(history)
        let best = state.best(4, entryCount: state.entries.count, history: history).map { history[state.entries[$0].position] }
        for trial in best {
            #expect(!trials.contains { ParetoFront.dominates($0.values!, trial.values!, directions: [.minimize, .minimize]) })
        }
        let snapshot = StudySnapshot(studyName: "study", directions: [.minimize, .minimize], trials: trials)
        let value = try Self.sampleRelative(TPESampler(seed: 1), snapshot, number: 40)["x"]!
        #expect(value >= 0 && value <= 1)
    }

    @Test(
        "an invalid option is reported by validate() and by every sampling call",
        arguments: [
            ("candidates 0", TPESampler.Configuration.with { $0.candidates = 0 }),
            ("startupTrials -1", .with { $0.startupTrials = -1 }),
            ("priorWeight 0", .with { $0.priorWeight = 0 }),
            ("badTrialWindow 0", .with { $0.badTrialWindow = 0 }),
            ("minimumBandwidthFactor 2", .with { $0.minimumBandwidthFactor = 2 }),
        ])
    func invalid(option: String, configuration: TPESampler.Configuration) {
        let sampler = TPESampler(seed: 1, configuration: configuration)
        let empty = StudySnapshot(studyName: "study", directions: [.minimize], trials: [])
        #expect(throws: SettingError.self) { try sampler.validate() }
        #expect(throws: SettingError.self) { try sampler.planTrial(in: empty) }
        #expect(throws: SettingError.self) { try Self.sampleIndependent(sampler, empty, number: 0, name: "x", Self.x) }
    }
}

extension TPESampler.Configuration {
    /// The default configuration changed by `change`.
    static func with(_ change: (inout Self) -> Void) -> Self {
        var configuration = Self()
        change(&configuration)
        return configuration
    }

    @Test("gamma: the rules' good-set sizes, clamped to 0...n")
    func gammaRules() {
        #expect(TPESampler.Gamma.default(100) == 10)
        #expect(TPESampler.Gamma.default(1000) == 25)
        #expect(TPESampler.Gamma.default(3) == 1)
        #expect(TPESampler.Gamma.linear(0.5, cap: 4)(7) == 4)
        #expect(TPESampler.Gamma.squareRoot(1)(100) == 10)
        #expect(TPESampler.Gamma.squareRoot(0.25, cap: 100)(10) == 1)
        #expect(TPESampler.Gamma { _ in -3 }(10) == 0)
        #expect(TPESampler.Gamma { n in 2 * n }(10) == 10)
    }
}
