import Foundation
import HyperTune

/// The study driver's own cost per trial: random sampler, in-memory storage, no pruner, and a
/// trivial objective with 5 parameters (float, log float, int, step float, categorical).
enum DriverOverhead {
    struct Result: Codable {
        var trials: Int
        var repeats: Int
        /// Median over repeats of the mean time per trial over the whole run.
        var medianMicrosecondsPerTrial: Double
        /// Median over repeats of the mean time per trial over the last 1,000 trials.
        var medianMicrosecondsPerTrialLast1000: Double
        var allMicrosecondsPerTrial: [Double]
    }

    static func objective(_ trial: Trial) throws -> Double {
        let x = try trial.suggestFloat("x", in: -5...5)
        let lr = try trial.suggestFloat("lr", in: 1e-5...1e-1, log: true)
        let layers = try trial.suggestInt("layers", in: 1...8)
        let dropout = try trial.suggestFloat("dropout", in: 0...0.5, step: 0.05)
        let optimizer = try trial.suggestCategorical("optimizer", ["sgd", "adam", "rmsprop"])
        return x * x + lr + Double(layers) + dropout + (optimizer == "adam" ? 0 : 1)
    }

    static func measure(trials: Int, repeats: Int) async throws -> Result {
        var whole: [Double] = []
        var tail: [Double] = []
        for repeatIndex in 0..<repeats {
            let study = try await Study.create(
                direction: .minimize, sampler: RandomSampler(seed: repeatIndex), pruner: NopPruner(), storage: InMemoryStorage())
            let marks = Marks(tailStart: max(trials - 1000, 0))
            let clock = ContinuousClock()
            let start = clock.now
            try await study.optimize(nTrials: trials, progress: { marks.observe($0) }) { try objective($0) }
            let elapsed = clock.now - start
            whole.append(elapsed.microseconds / Double(trials))
            tail.append(marks.tailMicrosecondsPerTrial(end: elapsed, trials: trials))
        }
        return Result(
            trials: trials, repeats: repeats, medianMicrosecondsPerTrial: median(whole),
            medianMicrosecondsPerTrialLast1000: median(tail), allMicrosecondsPerTrial: whole)
    }

    /// Records when the last 1,000 trials began.
    final class Marks: @unchecked Sendable {
        // Written by the progress hook, which the driver calls one at a time, and read after
        // `optimize` returned: no concurrent access.
        let tailStart: Int
        var tailStartElapsed: Duration = .zero

        init(tailStart: Int) { self.tailStart = tailStart }

        func observe(_ progress: OptimizeProgress) {
            if progress.finished == tailStart { tailStartElapsed = progress.elapsed }
        }

        func tailMicrosecondsPerTrial(end: Duration, trials: Int) -> Double {
            (end - tailStartElapsed).microseconds / Double(trials - tailStart)
        }
    }
}

extension Duration {
    var microseconds: Double {
        Double(components.seconds) * 1e6 + Double(components.attoseconds) * 1e-12
    }
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}
