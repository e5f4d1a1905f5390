import Foundation
import HyperTuneCore
import HyperTuneSamplers
import HyperTuneSearchSpace
import HyperTuneTestSupport
import Testing

@Suite("BruteForceSampler")
struct BruteForceSamplerTests {
    /// A define-by-run objective's suggestions for one trial: `suggest(name, distribution)`.
    typealias Program = (_ suggest: (String, Distribution) throws -> Double) throws -> Void

    /// Runs trials one after another until the sampler stops the study (at most `limit`).
    static func exhaust(_ sampler: BruteForceSampler, limit: Int = 200, program: Program) throws -> [TrialRecord] {
        var finished: [TrialRecord] = []
        while finished.count < limit {
            let snapshot = StudySnapshot(studyName: "brute-force", directions: [.minimize], finished: TrialHistory(finished))
            if case .stop = try sampler.planTrial(in: snapshot) { break }
            var record = TrialRecord(number: finished.count, state: .running)
            var generator = sampler.generator(for: record, in: snapshot)
            try program { name, distribution in
                let value = distribution.snapped(
                    try sampler.sampleIndependent(in: snapshot, for: record, name: name, distribution: distribution, using: &generator))
                record.parameters[name] = Parameter(distribution: distribution, internalValue: value)
                return value
            }
            record.state = .complete
            record.values = [0]
            record.endDate = Date(timeIntervalSince1970: 1)
            finished.append(record)
        }
        return finished
    }

    @Test("a product space: every point once, then stop", arguments: [1, 2])
    func product(seed: Int) throws {
        let x = Distribution.float(try FloatDistribution(-1...1, step: 0.5))
        let n = Distribution.int(try IntDistribution(0...2))
        let trials = try Self.exhaust(BruteForceSampler(seed: seed)) { suggest in
            _ = try suggest("x", x)
            _ = try suggest("n", n)
        }
        #expect(trials.count == 15)
        #expect(Set(trials.map(\.parameters)).count == 15)
    }

    @Test(
        "a conditional space: every branch's points once, whatever the names' order",
        arguments: [("model", "depth", "alpha"), ("z_model", "a_depth", "b_alpha")])
    func conditional(names: (String, String, String)) throws {
        let model = Distribution.categorical(try CategoricalDistribution(["tree", "linear", "constant"]))
        let depth = Distribution.int(try IntDistribution(1...3))
        let alpha = Distribution.categorical(try CategoricalDistribution([0.1, 1.0]))
        let unconditional = Distribution.int(try IntDistribution(0...1))
        for seed in 0..<5 {
            let trials = try Self.exhaust(BruteForceSampler(seed: seed)) { suggest in
                switch try suggest(names.0, model) {
                case 0: _ = try suggest(names.1, depth)
                case 1: _ = try suggest(names.2, alpha)
                default: break
                }
                _ = try suggest("seed_bit", unconditional)
            }
            // (3 depths + 2 alphas + 1) × 2 bits.
            #expect(trials.count == 12)
            #expect(Set(trials.map(\.parameters)).count == 12)
        }
    }

    @Test("with a trial running, it waits until the space is known to be a product, then claims points")
    func waitsWhileUnknown() throws {
        let x = Distribution.int(try IntDistribution(0...1))
        let sampler = BruteForceSampler(seed: 1)
        func leaf(_ number: Int, _ value: Double) -> TrialRecord {
            TrialRecord(
                number: number, state: .complete, values: [0], parameters: ["x": Parameter(distribution: x, internalValue: value)],
                endDate: Date(timeIntervalSince1970: 1))
        }
        func plan(finished: [TrialRecord], running: Bool) throws -> TrialPlan {
            let unfinished = running ? [TrialRecord(number: finished.count, state: .running)] : []
            return try sampler.planTrial(
                in: StudySnapshot(studyName: "b", directions: [.minimize], finished: TrialHistory(finished), unfinished: unfinished))
        }
        // Nothing finished: a second trial must wait for the first; alone, it starts unclaimed.
        guard case .wait = try plan(finished: [], running: true) else { Issue.record("expected a wait"); return }
        #expect(try plan(finished: [], running: false) == .start(NewTrial()))
        // x = 0 seen, x = 1 not yet: still unknown.
        guard case .wait = try plan(finished: [leaf(0, 0)], running: true) else { Issue.record("expected a wait"); return }
        // Every point visited: stop, running trial or not.
        guard case .stop = try plan(finished: [leaf(0, 0), leaf(1, 1)], running: true) else { Issue.record("expected a stop"); return }
        let y = Distribution.int(try IntDistribution(0...1))
        func point(_ number: Int, _ a: Double, _ b: Double) -> TrialRecord {
            TrialRecord(
                number: number, state: .complete, values: [0],
                parameters: ["x": Parameter(distribution: x, internalValue: a), "y": Parameter(distribution: y, internalValue: b)],
                endDate: Date(timeIntervalSince1970: 1))
        }
        // A product whose every value has been seen: a running trial does not hold the next one
        // back, which claims a point.
        guard case .start(let fresh) = try plan(finished: [point(0, 0, 0), point(1, 1, 1)], running: true) else {
            Issue.record("expected a start")
            return
        }
        #expect(fresh.claim != nil)
    }

    @Test("a continuous parameter without a step is an error naming it")
    func continuous() throws {
        #expect {
            _ = try Self.exhaust(BruteForceSampler(seed: 1)) { suggest in
                _ = try suggest("lr", .float(try FloatDistribution(0...1)))
            }
        } throws: { ($0 as? SamplerError)?.parameter == "lr" }
    }
}
