import Foundation
import HyperTune

/// The points a QMC sampler gives a study, for the discrepancy comparison with scipy
/// (`Benchmarks/qmc_discrepancy.py`).
enum QMCPoints {
    /// Runs a study per seed with `QMCSampler(seed:)` over `dimension` floats on `[0, 1]` for
    /// `count + 1` trials and returns trials 1 ... count (the first trial is sampled
    /// independently and fixes the space), each a point in the unit cube.
    static func points(seeds: [Int], dimension: Int, count: Int, scrambled: Bool) async throws -> [String: [[Double]]] {
        var result: [String: [[Double]]] = [:]
        for seed in seeds {
            let study = try await Study.create(direction: .minimize, sampler: QMCSampler(seed: seed, scrambled: scrambled))
            try await study.optimize(nTrials: count + 1) { trial in
                var sum = 0.0
                for j in 0..<dimension { sum += try trial.suggestFloat("x\(j)", in: 0...1) }
                return sum
            }
            let trials = try await study.trials.filter { $0.number > 0 }.sorted { $0.number < $1.number }
            result[String(seed)] = trials.map { trial in (0..<dimension).map { trial.params["x\($0)"]!.doubleValue! } }
        }
        return result
    }
}
