import HyperTuneCore
import HyperTuneSamplers
import HyperTuneSearchSpace
import HyperTuneTestSupport
import Testing

@Suite("PartialFixedSampler")
struct PartialFixedSamplerTests {
    static let space: SearchSpace = {
        var space = SearchSpace()
        space.set("x", .float(try! FloatDistribution(-2...2)))
        space.set("y", .float(try! FloatDistribution(-2...2)))
        space.set("n", .int(try! IntDistribution(0...3)))
        return space
    }()

    @Test("fixed names take their value; the others come from the base, jointly when it models them", arguments: [0, 1])
    func fixes(base: Int) throws {
        let inner: any Sampler = base == 0 ? TPESampler(seed: 2) : CMAESSampler(seed: 2)
        let sampler = PartialFixedSampler(fixed: ["x": 0.5, "n": 2], base: inner)
        let trials = try SamplerDriver.run(sampler, space: Self.space, trials: 40) { v in (v["y"]! - 1) * (v["y"]! - 1) }
        #expect(trials.allSatisfy { $0.internalValue("x") == 0.5 && $0.internalValue("n") == 2 })
        #expect(Set(trials.map { $0.internalValue("y")! }).count > 30)
        let snapshot = TrialBuilder.snapshot(trials)
        #expect(sampler.relativeSearchSpace(in: snapshot, for: trials[0]).names == ["y"])
        #expect(trials.last!.relativeParams.keys.sorted() == ["y"])
        #expect(trials.compactMap(\.value).min()! < 0.01)
    }

    @Test("a fixed value outside the suggested distribution is an error naming it; NaN is refused by validate")
    func errors() throws {
        let sampler = PartialFixedSampler(fixed: ["x": 5], base: RandomSampler(seed: 1))
        #expect { try SamplerDriver.run(sampler, space: Self.space, trials: 1) { _ in 0 } } throws: {
            ($0 as? SamplerError)?.parameter == "x"
        }
        #expect(throws: SettingError.self) { try PartialFixedSampler(fixed: ["x": .float(.nan)], base: RandomSampler()).validate() }
        #expect(throws: SettingError.self) { try PartialFixedSampler(fixed: [:], base: CMAESSampler(sigma0: -1)).validate() }
    }
}
