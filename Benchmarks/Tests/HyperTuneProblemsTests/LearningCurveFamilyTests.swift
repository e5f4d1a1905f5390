import Foundation
import HyperTuneCore
import HyperTuneProblems
import HyperTunePruners
import HyperTuneSamplers
import HyperTuneSearchSpace
import HyperTuneStorage
import HyperTuneStudy
import Testing

/// The committed `Benchmarks/problems/learning-curves-reference.json`.
func committedReference() throws -> LearningCurveReference {
    let path = CommittedFile.path(LearningCurveReference.repositoryPath)
    return try JSONDecoder().decode(LearningCurveReference.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
}

/// Every element within 1e-9 (relative above 1) and the same count.
func close(_ a: [Double], _ b: [Double]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { close($0, $1) }
}

/// The committed digits table, read once for the suite.
private let committedDigits = Result { () throws(ProblemError) in try DigitsLearningCurves.loadCommitted() }

@Suite("Learning-curve families")
struct LearningCurveFamilyTests {
    @Test("the synthetic family reproduces the committed reference curves and optimum")
    func syntheticReference() throws {
        let committed = try committedReference().synthetic
        let fresh = LearningCurveReference(seeds: 3, trials: 8, digits: try committedDigits.get()).synthetic
        #expect(LearningCurveFamily.synthetic.steps == 81)
        #expect(close(LearningCurveFamily.synthetic.optimumValue, committed.optimumValue))
        #expect(close(fresh.optimumValue, committed.optimumValue))
        #expect(fresh.optimum.logLearningRate == -1.5)
        #expect(close(fresh.optimum.regularization, committed.optimum.regularization))
        #expect(close(fresh.optimum.width, committed.optimum.width))
        #expect(fresh.trials.count == committed.trials.count)
        for (mine, theirs) in zip(fresh.trials, committed.trials) {
            let label = "seed \(theirs.seed) trial \(theirs.trial)"
            #expect(mine.seed == theirs.seed && mine.trial == theirs.trial, "\(label)")
            let (a, b) = (mine.configuration, theirs.configuration)
            #expect(close([a.logLearningRate, a.regularization, a.width], [b.logLearningRate, b.regularization, b.width]), "\(label)")
            #expect(close(mine.clean, theirs.clean), "\(label)")
            #expect(close(mine.observed, theirs.observed), "\(label)")
            #expect(close(mine.finalValue, theirs.finalValue), "\(label)")
            #expect(mine.finalValue >= fresh.optimumValue, "\(label)")
        }
    }

    @Test("the digits family replays the committed reference runs")
    func digitsReference() throws {
        let table = try committedDigits.get()
        let committed = try committedReference().digits
        // Counts over counts: the same doubles on every platform.
        #expect(LearningCurveReference(seeds: 3, trials: 8, digits: table).digits == committed)
        #expect(committed.trials.count >= 8)
        #expect(LearningCurveFamily.digits(table).steps == table.epochs)
    }

    @Test("the committed digits table is valid, documented, and its optimum is its best run")
    func digitsTable() throws {
        let table = try committedDigits.get()
        #expect(throws: Never.self) { try table.validate() }
        #expect(table.epochs == 20)
        #expect(table.runs.count >= 300)
        #expect(table.trainingImages + table.validationImages + table.testImages == 1_797)
        #expect(table.about.licence.contains("CC BY 4.0"))
        #expect(table.about.command.contains("digits-curves"))
        let family = LearningCurveFamily.digits(table)
        let regrets = table.runs.indices.map { family.regret(table.curve($0)) }
        #expect(regrets.allSatisfy { $0 >= 0 })
        #expect(regrets.contains(0))
        // The value is the validation error computed from counts, in [0, 1].
        let curve = table.curve(0)
        let expected = table.runs[0].validationCorrect.map {
            Double(table.validationImages - $0) / Double(table.validationImages)
        }
        #expect(curve.values == expected)
    }

    @Test("a configuration's parameters, asked for define-by-run, give back its curve", arguments: ["synthetic", "digits"])
    func defineByRun(name: String) async throws {
        let family = try name == "digits" ? LearningCurveFamily.digits(committedDigits.get()) : LearningCurveFamily.synthetic
        for (seed, trial) in [(0, 0), (0, 7), (3, 2), (9, 41)] {
            let drawn = family.curve(seed: seed, trial: trial)
            #expect(drawn.values.count == family.steps)
            let again = try await family.curve(at: drawn.parameters, trialNumber: trial, seed: seed)
            #expect(again == drawn, "\(name) seed \(seed) trial \(trial)")
        }
        var parameters = family.curve(seed: 0, trial: 0).parameters
        parameters["unknown"] = .float(1)
        await #expect(throws: ProblemError.self) { try await family.curve(at: parameters) }
    }

    @Test("the digits family replays the nearest run, matching the discrete choices first")
    func nearestRun() throws {
        let table = try committedDigits.get()
        let run = table.runs[5]
        let sameChoices = table.nearestRun(
            learningRate: run.learningRate * 1.01, l2: run.l2, width: run.width, depth: run.depth, activation: run.activation,
            optimizer: run.optimizer)
        #expect(sameChoices == 5)
        let otherDepth = 3 - run.depth
        let moved = table.nearestRun(
            learningRate: run.learningRate, l2: run.l2, width: run.width, depth: otherDepth, activation: run.activation,
            optimizer: run.optimizer)
        #expect(table.runs[moved].depth == otherDepth)
        #expect(table.runs[moved].activation == run.activation)
        #expect(table.runs[moved].optimizer == run.optimizer)
    }

    @Test("in a study, each family asks for exactly its search space and reports its curve", arguments: ["synthetic", "digits"])
    func inStudy(name: String) async throws {
        let family = try name == "digits" ? LearningCurveFamily.digits(committedDigits.get()) : LearningCurveFamily.synthetic
        let study = try await Study.create(
            direction: .minimize, sampler: RandomSampler(seed: 4), pruner: NopPruner(), storage: InMemoryStorage())
        try await study.optimize(nTrials: 6, errorPolicy: .stopOnAny) { trial in
            let curve = try family.curve(suggestedBy: trial, seed: 4)
            for (step, value) in curve.values.enumerated() { try await trial.report(value, step: step) }
            return curve.values[curve.values.count - 1]
        }
        for trial in try await study.trials {
            #expect(trial.state == .complete)
            #expect(trial.searchSpace == family.searchSpace, "\(name) trial \(trial.number)")
            let curve = try await family.curve(at: trial.params, trialNumber: trial.number, seed: 4)
            #expect(trial.intermediateValues.count == family.steps)
            #expect(trial.intermediateValues[family.steps - 1] == curve.values[family.steps - 1])
        }
    }

    @Test("a malformed digits table is rejected, naming what is wrong")
    func malformed() throws {
        let good = try committedDigits.get()
        var tables: [DigitsLearningCurves] = []
        var wrongFormat = good
        wrongFormat.format = "something-else"
        tables.append(wrongFormat)
        var shortRun = good
        shortRun.runs[3].validationCorrect.removeLast()
        tables.append(shortRun)
        var tooMany = good
        tooMany.runs[2].validationCorrect[0] = good.validationImages + 1
        tables.append(tooMany)
        var renumbered = good
        renumbered.runs[1].index = 7
        tables.append(renumbered)
        var outside = good
        outside.runs[4].learningRate = 2
        tables.append(outside)
        var empty = good
        empty.runs = []
        tables.append(empty)
        for table in tables {
            #expect {
                try table.validate()
            } throws: { error in
                (error as? ProblemError)?.kind == .invalidData
            }
        }
        #expect(throws: ProblemError.self) { try DigitsLearningCurves.load(from: "/nonexistent/digits-curves.json") }
        #expect(throws: ProblemError.self) { try LearningCurveFamily.named("no-such-family") }
    }
}
