import HyperTuneCore
import HyperTuneSamplers
import HyperTuneSearchSpace
import HyperTuneTestSupport
import Testing

@Suite("RandomSampler")
struct RandomSamplerTests {
    let empty = TrialBuilder.snapshot([])

    func draws(_ distribution: Distribution, count: Int, seed: Int = 1) throws -> [Double] {
        let sampler = RandomSampler(seed: seed)
        return try (0..<count).map { number in
            let trial = TrialRecord(number: number, state: .running)
            var generator = sampler.generator(for: trial, in: empty)
            return try sampler.sampleIndependent(in: empty, for: trial, name: "p", distribution: distribution, using: &generator)
        }
    }

    @Test("floats stay in range and log floats are log-uniform")
    func floats() throws {
        let linear = try draws(.float(FloatDistribution(low: -2, high: 3)), count: 5000)
        #expect(linear.allSatisfy { $0 >= -2 && $0 <= 3 })
        let log = try draws(.float(FloatDistribution(low: 1e-4, high: 1, log: true)), count: 5000)
        #expect(log.allSatisfy { $0 >= 1e-4 && $0 <= 1 })
        // Log-uniform: each decade holds a quarter of the draws (binomial sd ~ 0.006; allow 5 sd).
        let firstDecade = Double(log.filter { $0 < 1e-3 }.count) / 5000
        #expect(abs(firstDecade - 0.25) < 0.031)
    }

    @Test("steps, ints and categoricals land on their grids and cover them")
    func grids() throws {
        let step = try FloatDistribution(low: -3, high: 3, step: 0.5)
        let stepDraws = try draws(.float(step), count: 2000)
        #expect(stepDraws.allSatisfy { step.contains($0) })
        #expect(Set(stepDraws).count == 13)
        #expect(stepDraws.contains(3.0))

        let int = try IntDistribution(low: 0, high: 10, step: 5)
        #expect(Set(try draws(.int(int), count: 300)) == [0, 5, 10])

        let logInt = try IntDistribution(low: 1, high: 100, log: true)
        let logInts = try draws(.int(logInt), count: 3000)
        #expect(logInts.allSatisfy { logInt.contains(internal: $0) })
        // log-width of the bin of 1 is log(1.5 / 0.5) / log(100.5 / 0.5) ~ 0.207 of the mass.
        #expect(abs(Double(logInts.filter { $0 == 1 }.count) / 3000 - 0.207) < 0.04)

        let categorical = try CategoricalDistribution(["a", "b", "c"])
        #expect(Set(try draws(.categorical(categorical), count: 300)) == [0, 1, 2])
    }

    @Test("a trial's draws depend only on the seed and its number")
    func reproducible() throws {
        let distribution = Distribution.float(try FloatDistribution(low: 0, high: 1))
        #expect(try draws(distribution, count: 50, seed: 7) == draws(distribution, count: 50, seed: 7))
        #expect(try draws(distribution, count: 50, seed: 7) != draws(distribution, count: 50, seed: 8))
    }
}
