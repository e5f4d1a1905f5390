import HyperTuneCore
import HyperTuneNumerics
import HyperTuneSearchSpace
import Testing

@testable import HyperTuneSamplers

@Suite("Gaussian process")
struct GaussianProcessTests {
    /// 20 seeded points in [0, 1]² with targets sin(6x) + cos(4y).
    static func data() -> (inputs: [Double], targets: [Double]) {
        var generator = SeededGenerator(seed: 21 as UInt64)
        var inputs: [Double] = []
        var targets: [Double] = []
        for _ in 0..<20 {
            let x = generator.nextDouble()
            let y = generator.nextDouble()
            inputs += [x, y]
            targets.append(sin(6 * x) + cos(4 * y))
        }
        return (inputs, targets)
    }

    /// Taylor series, to stay within our own numerics.
    static func sin(_ x: Double) -> Double {
        var term = x
        var sum = x
        for k in 1..<30 {
            term *= -x * x / Double((2 * k) * (2 * k + 1))
            sum += term
        }
        return sum
    }

    static func cos(_ x: Double) -> Double { sin(x + 1.5707963267948966) }

    static let noiseFree = GPHyperparameters(
        logLengthscales: [Elementary.log(0.3), Elementary.log(0.4)], logSignalVariance: 0, logNoiseVariance: Elementary.log(1e-10))

    @Test("the posterior mean interpolates noise-free data, where the variance vanishes")
    func interpolates() throws {
        let (inputs, targets) = Self.data()
        let model = try #require(
            GaussianProcess(inputs: inputs, targets: targets, isCategorical: [false, false], hyperparameters: Self.noiseFree))
        let (means, variances) = model.posterior(at: inputs)
        for i in 0..<20 {
            #expect(abs(means[i] - targets[i]) <= 1e-6, "point \(i): \(means[i]) vs \(targets[i])")
            #expect(variances[i] <= 1e-8)
        }
        // Away from the data the variance is positive and below the prior's.
        let (_, far) = model.posterior(at: [0.5, 1.7])
        #expect(far[0] > 0.1 && far[0] <= 1)
    }

    @Test("batched and single-point posteriors agree, and the point gradients match finite differences")
    func gradients() throws {
        let (inputs, targets) = Self.data()
        let hyper = GPHyperparameters(
            logLengthscales: [Elementary.log(0.25), Elementary.log(0.6)], logSignalVariance: 0.3, logNoiseVariance: Elementary.log(1e-3))
        let model = try #require(GaussianProcess(inputs: inputs, targets: targets, isCategorical: [false, false], hyperparameters: hyper))
        let point = [0.37, 0.81]
        let (means, variances) = model.posterior(at: point)
        let single = model.posteriorWithGradient(at: point, free: [true, true])
        #expect(abs(single.mean - means[0]) <= 1e-12)
        #expect(abs(single.variance - variances[0]) <= 1e-12)
        for j in 0..<2 {
            var up = point
            var down = point
            up[j] += 1e-6
            down[j] -= 1e-6
            let (mu, vu) = model.posterior(at: up)
            let (md, vd) = model.posterior(at: down)
            #expect(abs((mu[0] - md[0]) / 2e-6 - single.meanGradient[j]) <= 1e-5 * max(1, abs(single.meanGradient[j])))
            #expect(abs((vu[0] - vd[0]) / 2e-6 - single.varianceGradient[j]) <= 1e-5 * max(1, abs(single.varianceGradient[j])))
        }
        // log EI's gradient, through the acquisition.
        let acquisition = GPAcquisition(model: model, space: GPInputSpace(SearchSpace()), incumbent: targets.min()!)
        let (_, gradient) = acquisition.logEIWithGradient(at: point, free: [true, true])
        for j in 0..<2 {
            var up = point
            var down = point
            up[j] += 1e-6
            down[j] -= 1e-6
            let numeric = (acquisition.logEI(at: up)[0] - acquisition.logEI(at: down)[0]) / 2e-6
            #expect(abs(numeric - gradient[j]) <= 1e-4 * max(1, abs(gradient[j])))
        }
    }

    @Test("the training-point means from y - σₙ² α equal the posterior means there, and smooth noisy data")
    func trainingMeans() throws {
        let (inputs, targets) = Self.data()
        let noisy = GPHyperparameters(
            logLengthscales: [Elementary.log(0.3), Elementary.log(0.4)], logSignalVariance: 0, logNoiseVariance: Elementary.log(0.05))
        let model = try #require(GaussianProcess(inputs: inputs, targets: targets, isCategorical: [false, false], hyperparameters: noisy))
        let shortcut = model.trainingMeans(count: 20)
        let (means, _) = model.posterior(at: inputs)
        for i in 0..<20 { #expect(abs(shortcut[i] - means[i]) <= 1e-10) }
        #expect(zip(shortcut, targets).contains { abs($0 - $1) > 1e-3 })
    }

    @Test("a believed pending point keeps the mean and collapses the variance there")
    func believe() throws {
        let (inputs, targets) = Self.data()
        var model = try #require(
            GaussianProcess(inputs: inputs, targets: targets, isCategorical: [false, false], hyperparameters: Self.noiseFree))
        let pending = [0.9, 0.05]
        let (before, varianceBefore) = model.posterior(at: pending + [0.1, 0.9])
        model.believe(pending)
        let (after, varianceAfter) = model.posterior(at: pending + [0.1, 0.9])
        #expect(model.count == 21)
        #expect(abs(after[0] - before[0]) <= 1e-6 && abs(after[1] - before[1]) <= 1e-6)
        #expect(varianceBefore[0] > 1e-4 && varianceAfter[0] <= 1e-8)
        #expect(varianceAfter[1] <= varianceBefore[1])
    }
}
