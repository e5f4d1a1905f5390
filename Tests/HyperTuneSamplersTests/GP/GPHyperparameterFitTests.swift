import HyperTuneCore
import HyperTuneNumerics
import Testing

@testable import HyperTuneSamplers

@Suite("GP hyperparameter fit")
struct GPHyperparameterFitTests {
    /// 25 seeded points in three coordinates, the last categorical with 3 choices.
    static func data() -> (inputs: [Double], targets: [Double]) {
        var generator = SeededGenerator(seed: 2 as UInt64)
        var inputs: [Double] = []
        var targets: [Double] = []
        for _ in 0..<25 {
            let x = generator.nextDouble()
            let y = generator.nextDouble()
            let c = Double(generator.nextInt(below: 3))
            inputs += [x, y, c]
            targets.append((x - 0.3) * (x - 0.3) * 4 + 0.5 * y + (c == 1 ? 0.7 : 0) + 0.05 * (generator.nextDouble() - 0.5))
        }
        return (inputs, targets)
    }

    @Test(
        "the marginal-likelihood gradient matches central finite differences",
        arguments: [
            [-1.0, 0.2, 0.5, 0.1, -4],
            [-2.0, -0.5, 1.5, -0.7, -9],
            [0.5, 1.0, -1.0, 1.2, -1],
        ])
    func gradient(theta: [Double]) {
        let (inputs, targets) = Self.data()
        let objective = GPHyperparameterFit.NegativeLogPosterior(inputs: inputs, targets: targets, isCategorical: [false, false, true])
        var gradient = [Double](repeating: 0, count: 5)
        let value = objective.evaluate(theta, gradient: &gradient)
        #expect(value.isFinite)
        var scratch = gradient
        for j in 0..<5 {
            let h = 1e-5
            var up = theta
            var down = theta
            up[j] += h
            down[j] -= h
            let numeric = (objective.evaluate(up, gradient: &scratch) - objective.evaluate(down, gradient: &scratch)) / (2 * h)
            #expect(abs(numeric - gradient[j]) <= 1e-5 * max(1, abs(gradient[j])), "component \(j): \(numeric) vs \(gradient[j])")
        }
    }

    @Test("the fit improves on its start, stays within the bounds, and finds the irrelevant dimension less relevant")
    func fit() {
        let (inputs, targets) = Self.data()
        let objective = GPHyperparameterFit.NegativeLogPosterior(inputs: inputs, targets: targets, isCategorical: [false, false, true])
        var gradient = [Double](repeating: 0, count: 5)
        let start = GPHyperparameterFit.initialGuess(dimension: 3, deterministic: false)
        let fitted = GPHyperparameterFit.fit(
            inputs: inputs, targets: targets, isCategorical: [false, false, true], start: nil, deterministic: false)
        #expect(objective.evaluate(fitted.vector, gradient: &gradient) < objective.evaluate(start.vector, gradient: &gradient))
        for value in fitted.logLengthscales {
            #expect(value >= GPHyperparameterFit.lengthscaleBounds.low && value <= GPHyperparameterFit.lengthscaleBounds.high)
        }
        // x drives a quadratic, y only a small slope: x's lengthscale is the shorter.
        #expect(fitted.logLengthscales[0] < fitted.logLengthscales[1])
        // A deterministic fit pins the noise at its floor.
        let pinned = GPHyperparameterFit.fit(
            inputs: inputs, targets: targets, isCategorical: [false, false, true], start: nil, deterministic: true)
        #expect(pinned.logNoiseVariance == GPHyperparameterFit.noiseBounds.low)
        // Warm-started from its own result, the fit stays put.
        let again = GPHyperparameterFit.fit(
            inputs: inputs, targets: targets, isCategorical: [false, false, true], start: fitted, deterministic: false)
        for (a, b) in zip(again.vector, fitted.vector) { #expect(abs(a - b) <= 1e-2) }
    }
}
