import HyperTuneCore
import HyperTuneNumerics
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

    /// Five binomial standard deviations of the share of `n` draws that should fall with
    /// probability `p` (a seed misses it with probability below 1e-6).
    static func tolerance(p: Double, n: Int) -> Double { 5 * (p * (1 - p) / Double(n)).squareRoot() }

    @Test("floats stay in range and log floats are log-uniform", arguments: 1...5)
    func floats(seed: Int) throws {
        let linear = try draws(.float(FloatDistribution(low: -2, high: 3)), count: 5000, seed: seed)
        #expect(linear.allSatisfy { $0 >= -2 && $0 <= 3 })
        let log = try draws(.float(FloatDistribution(low: 1e-4, high: 1, log: true)), count: 5000, seed: seed)
        #expect(log.allSatisfy { $0 >= 1e-4 && $0 <= 1 })
        // Log-uniform: each of the four decades holds a quarter of the draws.
        let firstDecade = Double(log.filter { $0 < 1e-3 }.count) / 5000
        #expect(abs(firstDecade - 0.25) < Self.tolerance(p: 0.25, n: 5000))
    }

    @Test("steps, ints and categoricals land on their grids and cover them", arguments: 1...5)
    func grids(seed: Int) throws {
        let step = try FloatDistribution(low: -3, high: 3, step: 0.5)
        let stepDraws = try draws(.float(step), count: 2000, seed: seed)
        #expect(stepDraws.allSatisfy { step.contains($0) })
        #expect(Set(stepDraws).count == 13)
        #expect(stepDraws.contains(3.0))

        let int = try IntDistribution(low: 0, high: 10, step: 5)
        #expect(Set(try draws(.int(int), count: 300, seed: seed)) == [0, 5, 10])

        let logInt = try IntDistribution(low: 1, high: 100, log: true)
        let logInts = try draws(.int(logInt), count: 3000, seed: seed)
        #expect(logInts.allSatisfy { logInt.contains(internal: $0) })
        // The bin of 1 has log(1.5 / 0.5) / log(100.5 / 0.5) of the log-width, so of the mass.
        let share = Elementary.log(3) / Elementary.log(201)
        #expect(abs(Double(logInts.filter { $0 == 1 }.count) / 3000 - share) < Self.tolerance(p: share, n: 3000))

        let categorical = try CategoricalDistribution(["a", "b", "c"])
        #expect(Set(try draws(.categorical(categorical), count: 300, seed: seed)) == [0, 1, 2])
    }

    @Test("a trial's draws depend only on the seed and its number")
    func reproducible() throws {
        let distribution = Distribution.float(try FloatDistribution(low: 0, high: 1))
        #expect(try draws(distribution, count: 50, seed: 7) == draws(distribution, count: 50, seed: 7))
        #expect(try draws(distribution, count: 50, seed: 7) != draws(distribution, count: 50, seed: 8))
    }
}
