import Foundation
import HyperTune
import HyperTuneProblems

/// Writes `Benchmarks/problems/reference.json`: for every problem, its optimum and points drawn by
/// a seeded random study, with the values HyperTune computes there. The Swift test
/// (`HyperTuneProblemsTests`) and the Python peer (`peer_optuna.py check`) both recompute every
/// point and compare to 1e-9.
enum ReferenceSuite {
    struct File: Codable {
        var schema = 1
        var tolerance: Double
        var description: String
        var problems: [Problem]
    }

    struct Problem: Codable {
        var name: String
        var direction: String
        var dimension: Int
        var optimumValue: Double
        var noiseStandardDeviation: Double?
        var points: [Point]
    }

    struct Point: Codable {
        var label: String
        var params: [String: ParameterValue]
        var trialNumber: Int
        var seed: Int
        var value: Double
        var noiseFreeValue: Double
    }

    static let samplerSeed = 20_240
    static let noiseSeed = 7

    static func make(pointsPerProblem: Int) async throws -> File {
        var problems: [Problem] = []
        for problem in BenchmarkProblem.all {
            var points: [Point] = []
            let optimum = try await problem.evaluate(at: problem.optimum, trialNumber: 0, seed: noiseSeed)
            points.append(
                Point(
                    label: "optimum", params: problem.optimum, trialNumber: 0, seed: noiseSeed, value: optimum.value,
                    noiseFreeValue: optimum.noiseFreeValue))
            let study = try await Study.create(
                direction: problem.direction, sampler: RandomSampler(seed: samplerSeed), pruner: NopPruner(), storage: InMemoryStorage())
            for _ in 0..<pointsPerProblem {
                let trial = try await study.ask()
                let evaluation = try await problem.evaluate(trial, seed: noiseSeed)
                try await study.tell(trial, value: evaluation.value)
                points.append(
                    Point(
                        label: "random \(trial.number)", params: trial.params, trialNumber: trial.number, seed: noiseSeed,
                        value: evaluation.value, noiseFreeValue: evaluation.noiseFreeValue))
            }
            problems.append(
                Problem(
                    name: problem.name, direction: problem.direction.rawValue, dimension: problem.dimension,
                    optimumValue: problem.optimumValue, noiseStandardDeviation: problem.noise?.standardDeviation, points: points))
        }
        return File(
            tolerance: 1e-9,
            description:
                "Written by `hypertune-bench reference`. Each point: parameter values, the trial number and seed the noise is drawn for, the value with noise and without. Checked by HyperTuneProblemsTests and `peer_optuna.py check`.",
            problems: problems)
    }

    static func write(_ file: File, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(file).write(to: URL(fileURLWithPath: path))
        progress("wrote \(path)")
    }
}
