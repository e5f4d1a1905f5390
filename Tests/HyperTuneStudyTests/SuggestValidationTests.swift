import HyperTuneCore
import HyperTuneSamplers
import HyperTuneSearchSpace
import HyperTuneStudy
import Testing

/// Every rule of a parameter definition, through the trial API, with the parameter's name in the error.
@Suite("Suggest validation")
struct SuggestValidationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let label: String
        let kind: SearchSpaceError.Kind
        let suggest: @Sendable (Trial) throws -> Void
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(label: "float low > high", kind: .lowGreaterThanHigh) { _ = try $0.suggestFloat("p", low: 2, high: 1) },
        Case(label: "int low > high", kind: .lowGreaterThanHigh) { _ = try $0.suggestInt("p", low: 5, high: 1) },
        Case(label: "infinite bound", kind: .nonFiniteBound) { _ = try $0.suggestFloat("p", in: -Double.infinity...1) },
        Case(label: "NaN bound", kind: .nonFiniteBound) { _ = try $0.suggestFloat("p", low: .nan, high: 1) },
        Case(label: "float log with low <= 0", kind: .logNeedsPositiveLow) { _ = try $0.suggestFloat("p", in: 0...1, log: true) },
        Case(label: "int log with low < 1", kind: .logNeedsPositiveLow) { _ = try $0.suggestInt("p", in: 0...8, log: true) },
        Case(label: "float step <= 0", kind: .nonPositiveStep) { _ = try $0.suggestFloat("p", in: 0...1, step: 0) },
        Case(label: "int step <= 0", kind: .nonPositiveStep) { _ = try $0.suggestInt("p", in: 0...4, step: -1) },
        Case(label: "float step with log", kind: .stepWithLog) { _ = try $0.suggestFloat("p", in: 1...4, step: 1, log: true) },
        Case(label: "int step with log", kind: .stepWithLog) { _ = try $0.suggestInt("p", in: 1...9, step: 2, log: true) },
        Case(label: "float range not a multiple of step", kind: .rangeNotMultipleOfStep) {
            _ = try $0.suggestFloat("p", in: 0...1, step: 0.3)
        },
        Case(label: "int range not a multiple of step", kind: .rangeNotMultipleOfStep) {
            _ = try $0.suggestInt("p", in: 0...10, step: 3)
        },
        Case(label: "empty choices", kind: .emptyChoices) { _ = try $0.suggestCategorical("p", [String]()) },
        Case(label: "duplicate choices", kind: .duplicateChoice) { _ = try $0.suggestCategorical("p", ["a", "b", "a"]) },
        Case(label: "same name, different distribution", kind: .distributionChanged) {
            _ = try $0.suggestFloat("p", in: 0...1)
            _ = try $0.suggestFloat("p", in: 0...2)
        },
        Case(label: "same name, different kind", kind: .distributionChanged) {
            _ = try $0.suggestInt("p", in: 0...1)
            _ = try $0.suggestCategorical("p", [0, 1])
        },
    ]

    @Test("each rule is a thrown SearchSpaceError naming the parameter", arguments: cases)
    func rule(_ testCase: Case) async throws {
        let study = try await Study.create(direction: .minimize, sampler: RandomSampler(seed: 0))
        let trial = try await study.ask()
        #expect {
            try testCase.suggest(trial)
        } throws: { error in
            guard let error = error as? SearchSpaceError else { return false }
            return error.kind == testCase.kind && error.parameter == "p" && error.description.hasPrefix("parameter \"p\": ")
        }
    }

    @Test("suggesting a name again with the same distribution returns the same value")
    func resuggest() async throws {
        let study = try await Study.create(direction: .minimize, sampler: RandomSampler(seed: 0))
        let trial = try await study.ask()
        let x = try trial.suggestFloat("x", in: 0...1)
        #expect(try trial.suggestFloat("x", in: 0...1) == x)
        let k = try trial.suggestCategorical("k", ["a", "b", "c"])
        #expect(try trial.suggestCategorical("k", ["a", "b", "c"]) == k)
        #expect(try trial.suggestInt("constant", in: 7...7) == 7)
        #expect(trial.params.count == 3)
    }
}
