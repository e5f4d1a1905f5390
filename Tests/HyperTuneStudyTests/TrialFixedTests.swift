import HyperTuneCore
import HyperTuneSearchSpace
import HyperTuneStudy
import Testing

/// `Trial.fixed`: an objective evaluated at given values, without a study of the caller's.
@Suite("Trial.fixed")
struct TrialFixedTests {
    /// The objective of the API contract: a float, an int and a report.
    struct Shifted: Objective {
        func evaluate(_ trial: Trial) async throws -> Double {
            let x = try trial.suggestFloat("x", in: -10...10)
            let n = try trial.suggestInt("n", in: 0...3)
            try await trial.report(x, step: 0)
            return (x - 2) * (x - 2) + Double(n)
        }
    }

    @Test("every kind of suggestion answers the given value, and again the same value")
    func answersFromValues() async throws {
        let trial = try await Trial.fixed([
            "x": 2.5, "lr": 0.001, "step": 0.75, "n": 3, "width": 64, "kind": "b", "flag": true, "whole": 4,
        ])
        #expect(try trial.suggestFloat("x", in: -10...10) == 2.5)
        #expect(try trial.suggestFloat("lr", in: 1e-5...1, log: true) == 0.001)
        #expect(try trial.suggestFloat("step", in: 0...1, step: 0.25) == 0.75)
        #expect(try trial.suggestInt("n", in: 0...3) == 3)
        #expect(try trial.suggestInt("width", in: 8...512, log: true) == 64)
        #expect(try trial.suggestCategorical("kind", ["a", "b", "c"]) == "b")
        #expect(try trial.suggestCategorical("flag", [false, true]) == true)
        #expect(try trial.suggestFloat("whole", in: 0...10) == 4)  // an integer value for a float range
        #expect(try trial.suggestFloat("x", in: -10...10) == 2.5)
        #expect(trial.number == 0)
        #expect(trial.params["kind"] == "b" && trial.params.count == 8)
    }

    @Test("the contract's objective: evaluated at a point, its report recorded, never pruned")
    func evaluatesAnObjective() async throws {
        let trial = try await Trial.fixed(["x": 2.0, "n": 1])
        #expect(try await Shifted().evaluate(trial) == 1)
        #expect(trial.record.intermediateValues == [0: 2.0])
        try await trial.report(7, step: 3)
        #expect(trial.record.intermediateValues == [0: 2.0, 3: 7])
        #expect(try await trial.shouldPrune() == false)
        #expect(try await trial.study.trials.count == 1)
    }

    @Test(
        "a value outside the distribution asked for is an error naming the parameter and the value",
        arguments: [
            ("x", ParameterValue.float(20)), ("x", "ten"), ("n", 4), ("n", 1.5), ("n", -1),
        ] as [(String, ParameterValue)])
    func outside(name: String, value: ParameterValue) async throws {
        var values: [String: ParameterValue] = ["x": 2.0, "n": 1]
        values[name] = value
        let trial = try await Trial.fixed(values)
        await #expect {
            _ = try await Shifted().evaluate(trial)
        } throws: { error in
            guard let error = error as? SearchSpaceError else { return false }
            return error.parameter == name && "\(error)".contains("\(value)")
                && [.valueOutsideDistribution, .valueTypeMismatch].contains(error.kind)
        }
    }

    @Test("a choice that is not among the choices asked for is an error naming the parameter")
    func unknownChoice() async throws {
        let trial = try await Trial.fixed(["kind": "d"])
        #expect {
            _ = try trial.suggestCategorical("kind", ["a", "b", "c"])
        } throws: { ($0 as? SearchSpaceError)?.kind == .valueOutsideDistribution && ($0 as? SearchSpaceError)?.parameter == "kind" }
    }

    @Test("a parameter without a value is an error naming it and the values given")
    func missing() async throws {
        let trial = try await Trial.fixed(["x": 2.0])
        #expect(try trial.suggestFloat("x", in: -10...10) == 2)
        #expect {
            _ = try trial.suggestInt("n", in: 0...3)
        } throws: { error in
            guard let error = error as? StudyError else { return false }
            return error.kind == .invalidArgument && error.detail.contains("\"n\"") && error.detail.contains("\"x\"")
        }
        let empty = try await Trial.fixed([:])
        #expect(throws: StudyError.self) { _ = try empty.suggestFloat("x", in: 0...1) }
    }

    @Test("a one-point distribution answers its only member, given or not")
    func singleton() async throws {
        let trial = try await Trial.fixed([:])
        #expect(try trial.suggestInt("n", in: 3...3) == 3)
        #expect(try trial.suggestCategorical("only", ["one"]) == "one")
    }

    @Test("an empty parameter name is refused when the trial is made")
    func emptyName() async throws {
        await #expect(throws: StudyError.self) { _ = try await Trial.fixed(["": 1]) }
    }
}
