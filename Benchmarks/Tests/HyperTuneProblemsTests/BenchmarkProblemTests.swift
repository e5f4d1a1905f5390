import Foundation
import HyperTuneCore
import HyperTuneProblems
import HyperTunePruners
import HyperTuneSamplers
import HyperTuneSearchSpace
import HyperTuneStorage
import HyperTuneStudy
import Testing

/// Values agree when within 1e-9, relative to the value's magnitude above 1.
func close(_ a: Double, _ b: Double, tolerance: Double = 1e-9) -> Bool {
    abs(a - b) <= tolerance * max(1, abs(b))
}

/// Point `coordinates` as the `x0, x1, …` assignment of a continuous problem.
func point(_ coordinates: [Double]) -> [String: ParameterValue] {
    Dictionary(uniqueKeysWithValues: coordinates.enumerated().map { ("x\($0.offset)", .float($0.element)) })
}

/// The shift of a continuous problem as a vector, zeros where none.
func shift(of problem: BenchmarkProblem) -> [Double] {
    (0..<problem.dimension).map { problem.shift["x\($0)"] ?? 0 }
}

@Suite("Benchmark problems")
struct BenchmarkProblemTests {
    @Test("each problem reaches its known optimum value at its optimum", arguments: BenchmarkProblem.all.map(\.name))
    func optimum(name: String) async throws {
        let problem = try BenchmarkProblem.named(name)
        let evaluation = try await problem.evaluate(at: problem.optimum)
        #expect(close(evaluation.noiseFreeValue, problem.optimumValue))
        #expect(abs(problem.regret(evaluation.noiseFreeValue)) < 1e-9)
        #expect(BenchmarkProblem.log10Regret(problem.regret(evaluation.noiseFreeValue)) < -9)
        if !problem.isNoisy { #expect(evaluation.value == evaluation.noiseFreeValue) }
    }

    @Test("names are unique and every optimum lies in the declared search space")
    func catalogue() throws {
        #expect(Set(BenchmarkProblem.all.map(\.name)).count == BenchmarkProblem.all.count)
        #expect(BenchmarkProblem.all.count == 11)
        for problem in BenchmarkProblem.all {
            for (name, value) in problem.optimum {
                let distribution = try #require(problem.searchSpace[name], "\(problem.name): \(name) is not declared")
                #expect(throws: Never.self) { try distribution.internalValue(of: value) }
            }
        }
        #expect(throws: ProblemError.self) { try BenchmarkProblem.named("no-such-problem") }
    }

    @Test("Branin: the three textbook minima and the origin")
    func branin() async throws {
        let problem = BenchmarkProblem.branin
        for minimum in [[-Double.pi, 12.275], [Double.pi, 2.275], [3 * Double.pi, 2.475]] {
            #expect(close(try await problem.evaluate(at: point(minimum)).value, 0.39788735772973816))
        }
        #expect(close(try await problem.evaluate(at: point([0, 0])).value, 55.602112642270264))
    }

    @Test("Hartmann6 at the published minimizer is the published minimum")
    func hartmann6() async throws {
        let published = [0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573]
        let value = try await BenchmarkProblem.hartmann6.evaluate(at: point(published)).value
        #expect(abs(value - -3.32237) < 1e-5)
        #expect(value >= BenchmarkProblem.hartmann6.optimumValue)
    }

    @Test("shifted problems: textbook values at the textbook origin, moved by the shift")
    func shifted() async throws {
        // f(0) of each textbook function, evaluated at x = shift (so y = 0).
        let atOrigin: [(BenchmarkProblem, Double)] = [
            (.rosenbrock4, 3),  // Σ (1 - 0)² over 3 terms
            (.ackley8, 0),
            (.styblinskiTang10, 0),
            (.levy6, 1.0792227705848725),
        ]
        for (problem, expected) in atOrigin {
            #expect(!problem.shift.isEmpty)
            #expect(close(try await problem.evaluate(at: point(shift(of: problem))).value, expected), "\(problem.name)")
        }
        // Ackley at y = (1, …, 1): 20 - 20 e^-0.2.
        let ones = shift(of: .ackley8).map { $0 + 1 }
        #expect(close(try await BenchmarkProblem.ackley8.evaluate(at: point(ones)).value, 3.6253849384403622))
    }

    @Test("hand-computed values of the constructed problems")
    func constructed() async throws {
        let logScaled = try await BenchmarkProblem.logScaled.evaluate(at: [
            "lr": 2e-3, "weight_decay": 3e-2, "epsilon": 5e-9, "units": 48,
        ])
        #expect(close(logScaled.value, 1))  // u = 1
        let mixed = try await BenchmarkProblem.mixed.evaluate(at: ["x": 1.5, "z": 7.5, "n": 13, "activation": "relu", "bias": false])
        #expect(close(mixed.value, 0.8))
        let conditional = BenchmarkProblem.conditional
        #expect(close(try await conditional.evaluate(at: ["model": "linear", "linear.alpha": .float(pow(10, 0.5))]).value, 0.8))
        #expect(close(try await conditional.evaluate(at: ["model": "tree", "tree.depth": 11, "tree.min_leaf": 3]).value, 0.4))
        let shallow: [String: ParameterValue] = ["model": "net", "net.layers": 2, "net.width": 96, "net.lr": .float(pow(10, -2.7))]
        #expect(close(try await conditional.evaluate(at: shallow).value, 0.3))
        var integer = BenchmarkProblem.integerHeavy.optimum
        integer["n0"] = 4
        #expect(close(try await BenchmarkProblem.integerHeavy.evaluate(at: integer).value, 1.5))
    }

    @Test("evaluating at a wrong assignment names the parameter")
    func wrongAssignments() async throws {
        let conditional = BenchmarkProblem.conditional
        var extra = conditional.optimum
        extra["net.layers"] = 2  // dropout is then never asked for
        await #expect { try await conditional.evaluate(at: extra) } throws: {
            ($0 as? ProblemError)?.kind == .unusedParameter && ($0 as? ProblemError)?.parameter == "net.dropout"
        }
        // A missing or out-of-range value is Trial.fixed's error.
        await #expect { try await BenchmarkProblem.branin.evaluate(at: ["x0": 1]) } throws: {
            ($0 as? StudyError)?.kind == .invalidArgument && "\($0)".contains("\"x1\"")
        }
        await #expect { try await BenchmarkProblem.branin.evaluate(at: ["x0": 11, "x1": 1]) } throws: {
            ($0 as? SearchSpaceError)?.kind == .valueOutsideDistribution && ($0 as? SearchSpaceError)?.parameter == "x0"
        }
    }

    @Test("noise depends only on the seed and the trial number, and is Gaussian with the stated deviation")
    func noise() async throws {
        let problem = BenchmarkProblem.noisyHartmann6
        let noise = try #require(problem.noise)
        let a = try await problem.evaluate(at: problem.optimum, trialNumber: 3, seed: 5)
        let b = try await problem.evaluate(at: problem.optimum, trialNumber: 3, seed: 5)
        let c = try await problem.evaluate(at: problem.optimum, trialNumber: 4, seed: 5)
        #expect(a == b)
        #expect(a.value != c.value)
        #expect(a.noiseFreeValue == c.noiseFreeValue)
        // 4,000 draws of N(0, σ²): the mean's standard error is σ / 63; the variance's relative
        // standard error is sqrt(2 / 4000) ≈ 0.022. Bounds at about 4.5 standard errors.
        let count = 4_000
        let draws = (0..<count).map { noise.draw(seed: 11, trialNumber: $0) }
        let mean = draws.reduce(0, +) / Double(count)
        let variance = draws.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(count - 1)
        #expect(abs(mean) < 4.5 * noise.standardDeviation / Double(count).squareRoot())
        #expect(abs(variance / (noise.standardDeviation * noise.standardDeviation) - 1) < 0.1)
    }

    @Test("a problem's objective runs in a study and suggests exactly its declared parameters")
    func inStudy() async throws {
        for problem in BenchmarkProblem.all {
            let study = try await Study.create(
                direction: problem.direction, sampler: RandomSampler(seed: 3), pruner: NopPruner(), storage: InMemoryStorage())
            try await study.optimize(nTrials: 8, errorPolicy: .stopOnAny, problem.objective(seed: 3))
            for trial in try await study.trials {
                #expect(trial.state == .complete)
                for (name, distribution) in trial.distributions {
                    #expect(problem.searchSpace[name] == distribution, "\(problem.name): \(name)")
                }
                let again = try await problem.evaluate(at: trial.params, trialNumber: trial.number, seed: 3)
                #expect(again.value == trial.value, "\(problem.name): trial \(trial.number)")
            }
        }
    }
}

@Suite("Reference values shared with the Python peer")
struct ReferenceFileTests {
    struct File: Decodable {
        var tolerance: Double
        var problems: [Problem]
    }

    struct Problem: Decodable {
        var name: String
        var optimumValue: Double
        var dimension: Int
        var points: [Point]
    }

    struct Point: Decodable {
        var label: String
        var params: [String: ParameterValue]
        var trialNumber: Int
        var seed: Int
        var value: Double
        var noiseFreeValue: Double
    }

    /// `Benchmarks/problems/reference.json`, found from this file's path.
    static func load() throws -> File {
        let path = CommittedFile.path("Benchmarks/problems/reference.json")
        return try JSONDecoder().decode(File.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    @Test("every problem matches the committed reference points to 1e-9")
    func matches() async throws {
        let file = try Self.load()
        #expect(file.tolerance == 1e-9)
        #expect(Set(file.problems.map(\.name)) == Set(BenchmarkProblem.all.map(\.name)))
        for reference in file.problems {
            let problem = try BenchmarkProblem.named(reference.name)
            #expect(reference.optimumValue == problem.optimumValue)
            #expect(reference.dimension == problem.dimension)
            #expect(reference.points.count >= 4)
            for point in reference.points {
                let evaluation = try await problem.evaluate(at: point.params, trialNumber: point.trialNumber, seed: point.seed)
                #expect(close(evaluation.value, point.value), "\(reference.name) \(point.label)")
                #expect(close(evaluation.noiseFreeValue, point.noiseFreeValue), "\(reference.name) \(point.label)")
            }
        }
    }
}
