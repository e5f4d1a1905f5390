import HyperTuneCore
import HyperTuneSamplers
import HyperTuneSearchSpace
import HyperTuneTestSupport
import Testing

@Suite("QMCSampler")
struct QMCSamplerTests {
    static let space: SearchSpace = {
        var space = SearchSpace()
        space.set("a", .float(try! FloatDistribution(0...1)))
        space.set("b", .float(try! FloatDistribution(-4...4)))
        return space
    }()

    @Test("the first trial is independent; trial k then takes point k - 1 of the sequence", arguments: QMCSampler.Sequence.allCases)
    func pointsByTrialNumber(sequence: QMCSampler.Sequence) throws {
        let sampler = QMCSampler(seed: 3, sequence: sequence)
        let trials = try SamplerDriver.run(sampler, space: Self.space, trials: 65) { _ in 0 }
        #expect(trials[0].relativeParams.isEmpty)
        for k in 1..<65 {
            let unit = sampler.unitPoint(k - 1, dimension: 2)
            #expect(abs(trials[k].internalValue("a")! - unit[0]) < 1e-12)
            #expect(abs(trials[k].internalValue("b")! - (-4 + 8 * unit[1])) < 1e-12)
        }
        // Stratified: 64 points in 8 × 8 cells, one per cell for Sobol' (a (0, 6, 2)-net).
        if sequence == .sobol {
            let cells = Set(trials[1...].map { Int($0.internalValue("a")! * 8) * 8 + Int(($0.internalValue("b")! + 4)) })
            #expect(cells.count == 64)
        }
    }

    @Test("unscrambled Sobol' starts at the lower corner and does not depend on the seed")
    func unscrambled() throws {
        let one = try SamplerDriver.run(QMCSampler(seed: 1, scrambled: false), space: Self.space, trials: 5) { _ in 0 }
        let two = try SamplerDriver.run(QMCSampler(seed: 2, scrambled: false), space: Self.space, trials: 5) { _ in 0 }
        #expect(one[1].internalValue("a") == 0 && one[1].internalValue("b") == -4)
        #expect(one[2].internalValue("a") == 0.5 && one[2].internalValue("b") == 0)
        #expect(one[1...].map(\.parameters) == two[1...].map(\.parameters))
        let scrambled = try SamplerDriver.run(QMCSampler(seed: 1), space: Self.space, trials: 5) { _ in 0 }
        let reseeded = try SamplerDriver.run(QMCSampler(seed: 2), space: Self.space, trials: 5) { _ in 0 }
        #expect(scrambled[1...].map(\.parameters) != reseeded[1...].map(\.parameters))
    }

    @Test("workers running at once take distinct points")
    func parallel() throws {
        let sampler = QMCSampler(seed: 4)
        let first = try SamplerDriver.run(sampler, space: Self.space, trials: 1) { _ in 0 }
        // Trials 1, 2 and 3 asked while the others run: each takes its own point.
        var running: [TrialRecord] = []
        for _ in 0..<3 {
            running.append(try SamplerDriver.suggest(sampler, space: Self.space, finished: first, running: running))
        }
        #expect(Set(running.map(\.parameters)).count == 3)
    }

    @Test("parameters outside the first trial's space are sampled independently; grids and log ranges are mapped")
    func spaces() throws {
        var space = Self.space
        space.set("n", .int(try IntDistribution(1...1000, log: true)))
        space.set("k", .categorical(try CategoricalDistribution(["x", "y", "z"])))
        space.set("s", .float(try FloatDistribution(0...1, step: 0.25)))
        let sampler = QMCSampler(seed: 5)
        let first = try SamplerDriver.run(sampler, space: Self.space, trials: 1) { _ in 0 }
        var finished = first
        for _ in 0..<300 {
            var trial = try SamplerDriver.suggest(sampler, space: space, finished: finished)
            trial.state = .complete
            trial.values = [0]
            finished.append(trial)
        }
        let later = finished[1...]
        #expect(later.allSatisfy { Set($0.relativeParams.keys) == ["a", "b"] })
        for trial in later {
            for (name, parameter) in trial.parameters { #expect(space[name]!.contains(internal: parameter.internalValue)) }
        }
        #expect(Set(later.map { $0.internalValue("k")! }) == [0, 1, 2])
        #expect(Set(later.map { $0.internalValue("s")! }) == [0, 0.25, 0.5, 0.75, 1])
        // Log-uniform ints on 1...1000: P(n < 10) = ln(9.5 / 0.5) / ln(1000.5 / 0.5) = 0.387, so
        // 116 of 300 expected (binomial sd 8.4; allow 5 sd).
        let low = later.filter { $0.internalValue("n")! < 10 }.count
        #expect(abs(low - 116) < 42)
        // The space stays the first trial's once the later trials have more parameters.
        #expect(sampler.relativeSearchSpace(in: TrialBuilder.snapshot(Array(finished)), for: finished[0]).names == ["a", "b"])
    }
}
