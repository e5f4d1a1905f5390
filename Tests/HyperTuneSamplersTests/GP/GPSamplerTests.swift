import Foundation
import HyperTuneCore
import HyperTuneSamplers
import HyperTuneSearchSpace
import HyperTuneTestSupport
import Testing

@Suite("GPSampler")
struct GPSamplerTests {
    static let square = SearchSpace([
        "x": .float(try! FloatDistribution(low: 0, high: 1)),
        "y": .float(try! FloatDistribution(low: 0, high: 1)),
    ])

    /// A smooth bowl with its minimum 0 at (0.3, 0.7).
    static func bowl(_ p: [String: Double]) -> Double {
        let x = p["x"]! - 0.3
        let y = p["y"]! - 0.7
        return x * x + 2 * y * y + x * y
    }

    @Test("the same seed gives the same trials, bit for bit; another seed others")
    func reproducible() throws {
        let first = try SamplerDriver.run(GPSampler(seed: 3, startupTrials: 5), space: Self.square, trials: 14, objective: Self.bowl)
        let second = try SamplerDriver.run(GPSampler(seed: 3, startupTrials: 5), space: Self.square, trials: 14, objective: Self.bowl)
        let other = try SamplerDriver.run(GPSampler(seed: 4, startupTrials: 5), space: Self.square, trials: 14, objective: Self.bowl)
        #expect(first.map(\.params) == second.map(\.params))
        #expect(first.map(\.params) != other.map(\.params))
    }

    @Test("converges on a smooth bowl far faster than random search", arguments: 1...3)
    func converges(seed: Int) throws {
        let trials = try SamplerDriver.run(GPSampler(seed: seed, startupTrials: 8), space: Self.square, trials: 24, objective: Self.bowl)
        let best = trials.compactMap(\.value).min()!
        // Random search's best of 24 uniform points has median regret near 0.02 here; the model
        // should be orders of magnitude closer after 16 guided trials.
        #expect(best < 1e-4)
        let startupBest = trials.prefix(8).compactMap(\.value).min()!
        #expect(best < startupBest / 100)
    }

    @Test("startup trials follow the scrambled Sobol sequence: spread out, one per cell of a 4 × 4 grid")
    func startup() throws {
        // Trial 0 has no search space yet (sampled independently); trials 1...16 are Sobol points
        // 1...16, and points 0...15 of a scrambled Sobol sequence fill each cell of a 4 × 4 grid once.
        let trials = try SamplerDriver.run(GPSampler(seed: 9, startupTrials: 40), space: Self.square, trials: 17, objective: Self.bowl)
        var cells = Set<Int>()
        for trial in trials[1...15] {
            cells.insert(Int(trial.internalValue("x")! * 4) * 4 + Int(trial.internalValue("y")! * 4))
        }
        #expect(cells.count == 15)
    }

    @Test("mixed spaces: ints, steps, log floats and categoricals get members, and the model finds the right choice")
    func mixed() throws {
        let space = SearchSpace([
            "lr": .float(try FloatDistribution(low: 1e-4, high: 1, log: true)),
            "layers": .int(try IntDistribution(low: 1, high: 8)),
            "dropout": .float(try FloatDistribution(low: 0, high: 0.5, step: 0.1)),
            "kind": .categorical(try CategoricalDistribution(["a", "b", "c"])),
            "units": .int(try IntDistribution(low: 8, high: 512, log: true)),
        ])
        func loss(_ p: [String: Double]) -> Double {
            let lr = (log10(p["lr"]!) + 2)
            let layers = p["layers"]! - 3
            return lr * lr + 0.1 * layers * layers + (p["kind"]! == 1 ? 0 : 1) + abs(p["dropout"]! - 0.2)
                + 0.01 * abs(log10(p["units"]!) - 2)
        }
        let trials = try SamplerDriver.run(GPSampler(seed: 2, startupTrials: 8), space: space, trials: 22, objective: loss)
        for trial in trials {
            for (name, distribution) in space {
                #expect(distribution.contains(internal: trial.internalValue(name)!), "\(name) = \(trial.internalValue(name)!)")
            }
        }
        let best = trials.min { $0.value! < $1.value! }!
        #expect(best.internalValue("kind") == 1)
        #expect(best.value! < 0.5)
    }

    @Test("a running trial's planned point pushes the next suggestion away")
    func pending() throws {
        let sampler = GPSampler(seed: 5, startupTrials: 6)
        let finished = try SamplerDriver.run(sampler, space: Self.square, trials: 12, objective: Self.bowl)
        let alone = try SamplerDriver.suggest(GPSampler(seed: 5, startupTrials: 6), space: Self.square, finished: finished)
        // The same trial number, now with a worker already evaluating the point it would pick.
        var busy = alone
        busy.number = 12
        let crowded = try SamplerDriver.suggest(
            GPSampler(seed: 5, startupTrials: 6), space: Self.square, finished: finished, running: [busy])
        let dx = crowded.internalValue("x")! - alone.internalValue("x")!
        let dy = crowded.internalValue("y")! - alone.internalValue("y")!
        #expect((dx * dx + dy * dy).squareRoot() > 1e-3)
    }

    @Test("a maximized study gets within 1e-3 of the top of the (negated) bowl in 18 trials")
    func maximize() throws {
        let trials = try SamplerDriver.run(
            GPSampler(seed: 6, startupTrials: 6), space: Self.square, trials: 18, direction: .maximize
        ) { -Self.bowl($0) }
        #expect(trials.compactMap(\.value).max()! > -1e-3)
    }

    @Test("refuses multi-objective studies and invalid options, naming them")
    func refusals() {
        let twoObjectives = StudySnapshot(studyName: "study", directions: [.minimize, .maximize], trials: [])
        #expect(throws: SamplerError.self) { try GPSampler(seed: 1).planTrial(in: twoObjectives) }
        #expect(throws: SettingError.self) { try GPSampler(seed: 1, candidates: 0).validate() }
        #expect(throws: Never.self) { try GPSampler(seed: 1).validate() }
        let empty = StudySnapshot(studyName: "study", directions: [.minimize], trials: [])
        do {
            _ = try GPSampler(seed: 1, startupTrials: 0).planTrial(in: empty)
            Issue.record("startupTrials 0 was accepted")
        } catch let error as SettingError {
            #expect(error.description == "GPSampler: startupTrials must be >= 1, got 0")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
