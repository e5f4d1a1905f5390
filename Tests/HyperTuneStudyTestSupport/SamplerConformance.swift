import Foundation
public import HyperTuneCore
public import HyperTuneSearchSpace
import HyperTuneStorageConformance
import HyperTuneStudy
import HyperTuneTestSupport

/// The contract of ``HyperTuneCore/Sampler``, as checks every sampler must pass, driven through
/// the real study driver (`Study.ask` / `tell` on an in-memory storage).
///
/// Each check is a plain `async throws` function of a ``Subject`` (a way to make the sampler from
/// a seed) that throws a ``ConformanceFailure`` naming what broke. A sampler joins the suite with
/// one ``Subject`` in the list of `SamplerConformanceTests`. The checks are cheap: 16 trials each,
/// enough for every model-based sampler of the package to leave its startup phase.
public enum SamplerConformance {
    /// A sampler under test.
    public struct Subject: Sendable, CustomStringConvertible {
        /// The sampler's name in test reports.
        public let name: String
        private let make: @Sendable (Int) -> any Sampler

        /// A subject named `name` whose sampler for a seed `make` builds.
        ///
        /// A sampler that only samples a fixed set of values (a grid) builds it from
        /// ``gridValues``: every check asks only for the parameters listed there.
        public init(_ name: String, _ make: @escaping @Sendable (_ seed: Int) -> any Sampler) {
            self.name = name
            self.make = make
        }

        /// The sampler for `seed`.
        public func sampler(seed: Int) -> any Sampler { make(seed) }

        /// The subject's name.
        public var description: String { name }
    }

    /// One check of the contract.
    public struct Check: Sendable, CustomStringConvertible {
        /// What the check asserts.
        public let name: String
        private let body: @Sendable (Subject) async throws -> Void

        init(_ name: String, _ body: @escaping @Sendable (Subject) async throws -> Void) {
            self.name = name
            self.body = body
        }

        /// Runs the check on `subject`.
        ///
        /// - Throws: ``ConformanceFailure`` when the sampler breaks the contract, or what the
        ///   sampler or the driver throws.
        public func run(on subject: Subject) async throws { try await body(subject) }

        /// The check's name.
        public var description: String { name }
    }

    /// Every check, each independent of the others.
    public static let checks: [Check] = [
        Check("every value is in its distribution: bounds, log, step, int and categorical", bounds),
        Check("the same seed gives the same trials", determinism),
        Check("conditional spaces: each trial has exactly its branch's parameters", conditionalSpace),
        Check("running, pending, failed and pruned trials in the study do not break sampling", unfinishedTrials),
        Check("a one-point range gives its one value", onePointRanges),
    ]

    /// The trials each check runs.
    static let trialCount = 16

    // MARK: The space

    /// One parameter the checks suggest.
    struct Definition: Sendable {
        let name: String
        let distribution: Distribution
    }

    /// A parameter of every kind: bounded, log, stepped; float, int, categorical; plus one-point
    /// ranges.
    static let definitions: [Definition] = {
        func float(_ low: Double, _ high: Double, step: Double? = nil, log: Bool = false) -> Distribution {
            .float(try! FloatDistribution(low: low, high: high, step: step, log: log))
        }
        func int(_ low: Int, _ high: Int, step: Int = 1, log: Bool = false) -> Distribution {
            .int(try! IntDistribution(low: low, high: high, step: step, log: log))
        }
        return [
            Definition(name: "float", distribution: float(-2, 3)),
            Definition(name: "float_log", distribution: float(1e-4, 1e2, log: true)),
            Definition(name: "float_step", distribution: float(-1, 1, step: 0.25)),
            Definition(name: "int", distribution: int(-3, 7)),
            Definition(name: "int_log", distribution: int(1, 1000, log: true)),
            Definition(name: "int_step", distribution: int(0, 30, step: 5)),
            Definition(name: "choice", distribution: .categorical(try! CategoricalDistribution(["a", "b", "c"]))),
            Definition(name: "flag", distribution: .categorical(try! CategoricalDistribution([true, false]))),
        ]
    }()

    /// One-point ranges of each kind.
    static let singletons: [Definition] = [
        Definition(name: "one_float", distribution: .float(try! FloatDistribution(low: 0.5, high: 0.5))),
        Definition(name: "one_float_log", distribution: .float(try! FloatDistribution(low: 2, high: 2, log: true))),
        Definition(name: "one_int", distribution: .int(try! IntDistribution(low: 4, high: 4))),
        Definition(name: "one_choice", distribution: .categorical(try! CategoricalDistribution(["only"]))),
    ]

    /// The branches of the conditional check: a choice, then parameters that exist in one branch.
    static let branch = Definition(name: "branch", distribution: .categorical(try! CategoricalDistribution(["left", "right"])))
    static let left = Definition(name: "left_x", distribution: .float(try! FloatDistribution(low: 0, high: 1)))
    static let right = Definition(name: "right_n", distribution: .int(try! IntDistribution(low: 1, high: 8, log: true)))

    /// Values of every parameter the checks ask for, inside its distribution (for a grid sampler).
    public static let gridValues: [String: [ParameterValue]] = [
        "float": [-2.0, 0.5, 3.0], "float_log": [1e-4, 1.0, 1e2], "float_step": [-1.0, 0.25, 1.0],
        "int": [-3, 0, 7], "int_log": [1, 31, 1000], "int_step": [0, 15, 30],
        "choice": ["a", "c"], "flag": [true, false],
        "one_float": [0.5], "one_float_log": [2.0], "one_int": [4], "one_choice": ["only"],
        "branch": ["left", "right"], "left_x": [0.0, 0.5, 1.0], "right_n": [1, 8],
    ]

    // MARK: The checks

    static func bounds(_ subject: Subject) async throws {
        let trials = try await run(subject, seed: 1, definitions: definitions + singletons)
        for trial in trials {
            for definition in definitions + singletons {
                let parameter = try require(trial.parameters[definition.name], "trial \(trial.number) lacks \(definition.name)")
                try expectMember(parameter.internalValue, of: definition, trial: trial.number)
            }
        }
    }

    static func determinism(_ subject: Subject) async throws {
        let first = try await run(subject, seed: 7, definitions: definitions)
        let second = try await run(subject, seed: 7, definitions: definitions)
        for (a, b) in zip(first, second) where a.parameters != b.parameters {
            throw ConformanceFailure("seed 7 gave trial \(a.number) \(a.params) once and \(b.params) the next time")
        }
    }

    static func conditionalSpace(_ subject: Subject) async throws {
        let study = try await Study.create(name: "conditional", direction: .minimize, sampler: subject.sampler(seed: 3))
        for _ in 0..<trialCount {
            let trial = try await study.ask()
            let side = try trial.suggest(branch.name, branch.distribution)
            let value: Double
            if side == "left" {
                value = try trial.suggest(left.name, left.distribution).doubleValue!
            } else {
                value = Double(try trial.suggest(right.name, right.distribution).intValue!) / 8
            }
            _ = try await study.tell(trial, value: value)
        }
        for trial in try await study.trials {
            let expected = trial.params[branch.name] == "left" ? [branch.name, left.name] : [branch.name, right.name]
            try expect(trial.parameters.keys.sorted() == expected.sorted(), "trial \(trial.number) has \(trial.params.keys.sorted())")
            for definition in [branch, left, right] {
                if let parameter = trial.parameters[definition.name] {
                    try expectMember(parameter.internalValue, of: definition, trial: trial.number)
                }
            }
        }
    }

    static func unfinishedTrials(_ subject: Subject) async throws {
        let study = try await Study.create(name: "unfinished", direction: .maximize, sampler: subject.sampler(seed: 5))
        var pending: [Trial] = []
        for index in 0..<trialCount {
            let trial = try await study.ask()
            for definition in definitions { _ = try trial.suggest(definition.name, definition.distribution) }
            switch index % 4 {
            case 0: pending.append(trial)  // stays running while later trials are asked
            case 1: _ = try await study.tell(trial, state: .fail)
            case 2:
                try await trial.report(Double(index), step: 0)
                _ = try await study.tell(trial, state: .pruned)
            default: _ = try await study.tell(trial, value: Double(index))
            }
        }
        for trial in pending { _ = try await study.tell(trial, value: 0) }
        let trials = try await study.trials
        try expect(trials.map(\.number) == Array(0..<trialCount), "trial numbers: \(trials.map(\.number))")
        for trial in trials {
            for definition in definitions {
                let parameter = try require(trial.parameters[definition.name], "trial \(trial.number) lacks \(definition.name)")
                try expectMember(parameter.internalValue, of: definition, trial: trial.number)
            }
        }
    }

    static func onePointRanges(_ subject: Subject) async throws {
        let trials = try await run(subject, seed: 2, definitions: singletons)
        for trial in trials {
            for definition in singletons {
                let value = try require(trial.parameters[definition.name], "trial \(trial.number) lacks \(definition.name)")
                let expected = try require(gridValues[definition.name]?.first, "the grid value of \(definition.name)")
                try expect(
                    definition.distribution.value(forInternal: value.internalValue) == expected,
                    "trial \(trial.number): \(definition.name) is \(value.internalValue), its range holds only \(expected)")
            }
        }
    }

    // MARK: Helpers

    /// Runs ``trialCount`` trials suggesting `definitions` in order, scored by a smooth function
    /// of the internal values.
    private static func run(_ subject: Subject, seed: Int, definitions: [Definition]) async throws -> [TrialRecord] {
        let study = try await Study.create(name: "conformance", direction: .minimize, sampler: subject.sampler(seed: seed))
        for _ in 0..<trialCount {
            let trial = try await study.ask()
            var score = 0.0
            for definition in definitions {
                let value = try trial.suggest(definition.name, definition.distribution)
                score += sin(try definition.distribution.internalValue(of: value))
            }
            _ = try await study.tell(trial, value: score)
        }
        return try await study.trials
    }

    private static func expectMember(_ internalValue: Double, of definition: Definition, trial: Int) throws {
        let distribution = definition.distribution
        try expect(
            distribution.contains(internal: internalValue),
            "trial \(trial): \(definition.name) = \(internalValue) is not in \(distribution)")
        switch distribution {
        case .float(let float):
            try expect(internalValue >= float.low && internalValue <= float.high, "trial \(trial): \(definition.name) out of bounds")
            if let step = float.step {
                let steps = (internalValue - float.low) / step
                try expect(abs(steps - steps.rounded()) < 1e-9, "trial \(trial): \(definition.name) = \(internalValue) is off its step")
            }
        case .int(let int):
            try expect(internalValue == internalValue.rounded(), "trial \(trial): \(definition.name) = \(internalValue) is not an integer")
            let value = Int(internalValue)
            try expect(
                value >= int.low && value <= int.high && (value - int.low) % int.step == 0, "trial \(trial): \(definition.name) = \(value)")
        case .categorical(let categorical):
            try expect(
                internalValue == internalValue.rounded() && internalValue >= 0 && Int(internalValue) < categorical.choices.count,
                "trial \(trial): \(definition.name) index \(internalValue)")
        }
    }

    private static func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw ConformanceFailure(message()) }
    }

    private static func require<T>(_ value: T?, _ what: String) throws -> T {
        guard let value else { throw ConformanceFailure("\(what): got nil") }
        return value
    }
}
